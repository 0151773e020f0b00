/// Text made safe to drop into GitHub-flavoured Markdown.
package enum MarkdownText {
    /// `text` as an inline code span, fenced with more backticks than it contains so nothing ends it early.
    package static func code(_ text: String) -> String {
        let fence = String(repeating: "`", count: longestBacktickRun(in: text) + 1)
        // A span that starts or ends with a backtick needs a space to keep it apart from the fence.
        let padding = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
        return fence + padding + text + padding + fence
    }

    /// `text` as a fenced block in `language`, ending with a newline.
    package static func fenced(_ text: String, language: String) -> String {
        let fence = String(repeating: "`", count: max(3, longestBacktickRun(in: text) + 1))
        let body = text.hasSuffix("\n") ? text : text + "\n"
        return fence + language + "\n" + body + fence + "\n"
    }

    /// `text` as prose on one line: characters that would start markup mid-line are backslash-escaped, so
    /// that a reason like `expected <10 *ms*` shows as written.
    ///
    /// An underscore inside a word (`x86_64`) is left alone: GitHub never reads it as emphasis.
    package static func prose(_ text: String) -> String {
        let characters = Array(text)
        var escaped = ""
        for (index, character) in characters.enumerated() {
            let insideWord =
                index > 0 && index + 1 < characters.count
                && characters[index - 1].isLetterOrNumber && characters[index + 1].isLetterOrNumber
            if "\\`*<[".contains(character) || (character == "_" && !insideWord) { escaped.append("\\") }
            escaped.append(character == "\n" ? " " : character)
        }
        return escaped
    }

    /// `["a", "b", "c"]` → `a, b and c`.
    package static func list(_ items: [String]) -> String {
        items.count < 2
            ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }

    private static func longestBacktickRun(in text: String) -> Int {
        var longest = 0
        var current = 0
        for character in text {
            current = character == "`" ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }
}

extension Character {
    fileprivate var isLetterOrNumber: Bool { isLetter || isNumber }
}
