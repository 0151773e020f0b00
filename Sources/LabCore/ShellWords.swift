/// Words as a POSIX shell writes and reads them, without ever running one.
///
/// `line` joins words into one line a shell reads back as the same words: a word with anything but letters,
/// digits and `_./:=@%+,-` is single-quoted. `words(in:)` is the reverse: it splits a line as a shell splits
/// it (blanks between words, single and double quotes, backslashes) and expands nothing.
///
/// ```swift
/// ShellWords.line(["lab", "run", "--litellm-source", "/src/my litellm"])  // lab run --litellm-source '/src/my litellm'
/// try ShellWords.words(in: "--pip 'pkg[extra]==1.0' --setting \"a=b c\"")  // ["--pip", "pkg[extra]==1.0", "--setting", "a=b c"]
/// ```
package enum ShellWords {
    /// `words` as one shell line.
    package static func line(_ words: [String]) -> String {
        words.map(quoted).joined(separator: " ")
    }

    /// `word` as the shell needs it.
    package static func quoted(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy { Self.plain.contains($0) }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    private static let plain = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:=@%+,-".unicodeScalars)

    /// The words of `text`, split and unquoted as a POSIX shell does, with nothing expanded: `*`, `?`, `[` and
    /// `~` are characters like any other, so `pkg[extra]==1.0` is one word whatever files exist.
    ///
    /// What a shell would not read as plain words is refused rather than taken literally, so that the words
    /// never differ from what the same text means typed at a shell: `$` and `` ` `` outside single quotes
    /// (an expansion), an unquoted `;`, `&`, `|`, `<`, `>`, `(` or `)` (an operator), an unquoted `#` that
    /// starts a word (a comment), an unclosed quote and a backslash that ends the text.
    package static func words(in text: String) throws(ReadError) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Unicode.Scalar?
        var quoteStart = 0
        var escaped = false
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            let position = offset + 1
            if escaped {
                escaped = false
                // A backslash before a newline joins the lines; in double quotes it escapes only $ ` " \.
                if scalar == "\n" { continue }
                if quote == "\"" && !"$`\"\\".unicodeScalars.contains(scalar) {
                    word.unicodeScalars.append("\\")
                }
                word.unicodeScalars.append(scalar)
                continue
            }
            switch quote {
            case "'":
                if scalar == "'" { quote = nil } else { word.unicodeScalars.append(scalar) }
                continue
            case "\"":
                switch scalar {
                case "\"": quote = nil
                case "\\": escaped = true
                case "$", "`": throw ReadError(kind: .expansion(scalar), position: position)
                default: word.unicodeScalars.append(scalar)
                }
                continue
            default:
                break
            }
            switch scalar {
            case " ", "\t", "\n":
                if inWord { words.append(word) }
                word = ""
                inWord = false
            case "'", "\"":
                quote = scalar
                quoteStart = position
                inWord = true
            case "\\":
                escaped = true
                inWord = true
            case "$", "`":
                throw ReadError(kind: .expansion(scalar), position: position)
            case ";", "&", "|", "<", ">", "(", ")":
                throw ReadError(kind: .operator(scalar), position: position)
            case "#" where !inWord:
                throw ReadError(kind: .comment, position: position)
            default:
                word.unicodeScalars.append(scalar)
                inWord = true
            }
        }
        if let quote { throw ReadError(kind: .unclosedQuote(quote), position: quoteStart) }
        if escaped { throw ReadError(kind: .trailingBackslash, position: text.unicodeScalars.count) }
        if inWord { words.append(word) }
        return words
    }

    /// Text ``words(in:)`` refuses: what is wrong, and where (the character's position, from 1).
    package struct ReadError: Error, Equatable, Sendable, CustomStringConvertible {
        /// What a shell would make of the text instead of plain words.
        package enum Kind: Equatable, Sendable {
            /// `$` or `` ` ``, unquoted or in double quotes.
            case expansion(Unicode.Scalar)
            /// An unquoted `;`, `&`, `|`, `<`, `>`, `(` or `)`.
            case `operator`(Unicode.Scalar)
            /// An unquoted `#` at the start of a word.
            case comment
            /// A `'` or `"` that is never closed.
            case unclosedQuote(Unicode.Scalar)
            /// A backslash with nothing after it.
            case trailingBackslash
        }

        package let kind: Kind
        /// The character's position in the text, counting from 1.
        package let position: Int

        package var description: String {
            switch kind {
            case .expansion(let scalar):
                "'\(scalar)' at character \(position) would be expanded by a shell, and the lab expands nothing:"
                    + " put the word in single quotes ('...') to mean the character itself"
            case .operator(let scalar):
                "'\(scalar)' at character \(position) is a shell operator, and these are words, not commands:"
                    + " quote it ('...') to mean the character itself"
            case .comment:
                "'#' at character \(position) starts a shell comment: quote it ('#...') to mean the character itself"
            case .unclosedQuote(let scalar):
                "the quote \(scalar) at character \(position) is never closed"
            case .trailingBackslash:
                "a backslash ends the text (character \(position)): escape nothing, or quote it ('\\')"
            }
        }
    }
}
