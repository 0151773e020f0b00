/// A unified diff as `git diff` and `diff -u` write it, read for what it changes: each file (its paths with
/// the first component, `a/` or `b/`, taken off, as `git apply -p1` does) and each hunk's place.
///
/// Only read, never applied here: `git apply` applies it (``LiteLLMInstaller``); this says which files to
/// recompile and which hunk a failure names.
///
/// ```swift
/// let diff = try UnifiedDiff(text: "--- a/litellm/router.py\n+++ b/litellm/router.py\n@@ -1 +1 @@\n-x\n+y\n")
/// diff.files[0].path  // "litellm/router.py"
/// ```
package struct UnifiedDiff: Sendable, Equatable {
    /// One file the diff changes, creates or deletes.
    package struct FileChange: Sendable, Equatable {
        /// The path before, relative to the package root; nil for a file the diff creates.
        package var oldPath: String?
        /// The path after; nil for a file the diff deletes.
        package var newPath: String?
        /// Its hunks, in order.
        package var hunks: [Hunk]

        /// The path it is known by: the new one, else the old one.
        package var path: String { newPath ?? oldPath ?? "" }
    }

    /// One hunk: where it starts in the old file, and its `@@` line.
    package struct Hunk: Sendable, Equatable {
        /// The first line it covers in the old file (1-based; 0 for an empty file).
        package var oldStart: Int
        /// Its header as written: `@@ -176,7 +177,11 @@ async def image_generation(`.
        package var header: String

        /// Its header up to the closing `@@`, without the context git adds: `@@ -176,7 +177,11 @@`.
        package var ranges: String {
            let words = header.split(separator: " ", omittingEmptySubsequences: false)
            return words.count > 4 ? words.prefix(4).joined(separator: " ") : header
        }
    }

    /// Every file it changes, in order.
    package var files: [FileChange]

    /// Reads `text`; throws a reason when it is not a unified diff that changes at least one file by a
    /// relative path inside the package root.
    package init(text: String) throws(UnifiedDiff.Unreadable) {
        files = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }[...]
        while let line = lines.popFirst() {
            guard line.hasPrefix("--- "), let next = lines.first, next.hasPrefix("+++ ") else { continue }
            lines.removeFirst()
            var file = FileChange(
                oldPath: try Self.path(String(line.dropFirst(4))),
                newPath: try Self.path(String(next.dropFirst(4))),
                hunks: [])
            while let header = lines.first, header.hasPrefix("@@ ") {
                lines.removeFirst()
                guard let (oldStart, oldCount, newCount) = Self.ranges(header) else {
                    throw Unreadable(reason: "the hunk header '\(header)' is not @@ -A,B +C,D @@")
                }
                file.hunks.append(Hunk(oldStart: oldStart, header: header))
                var (old, new) = (oldCount, newCount)
                // A hunk's lines are counted, so a removed line that reads `--- x` is not a file header.
                while old > 0 || new > 0 {
                    guard let body = lines.popFirst() else {
                        throw Unreadable(reason: "the hunk '\(header)' of \(file.path) ends early")
                    }
                    switch body.first {
                    case " ", nil: (old, new) = (old - 1, new - 1)
                    case "-": old -= 1
                    case "+": new -= 1
                    case "\\": continue
                    default:
                        throw Unreadable(reason: "the hunk '\(header)' of \(file.path) has a line '\(body)'")
                    }
                }
                while let marker = lines.first, marker.hasPrefix("\\") { lines.removeFirst() }
            }
            guard file.oldPath != nil || file.newPath != nil else {
                throw Unreadable(reason: "a file header names /dev/null on both sides")
            }
            guard !file.hunks.isEmpty else { throw Unreadable(reason: "\(file.path) has no hunk") }
            files.append(file)
        }
        guard !files.isEmpty else {
            throw Unreadable(
                reason: "it has no file header (--- a/PATH, +++ b/PATH) and hunk: give a unified diff, as"
                    + " `git diff` or `diff -u` write it")
        }
    }

    /// Why a text is not a diff the lab applies.
    package struct Unreadable: Error, Sendable, Equatable {
        /// What is wrong with it.
        package var reason: String
    }

    /// The hunk of the file at `path` that starts at `line` of the old file (what `git apply` names when it
    /// fails), with its 1-based number.
    package func hunk(of path: String, startingAt line: Int) -> (number: Int, hunk: Hunk)? {
        guard let file = files.first(where: { $0.path == path || $0.oldPath == path }),
            let index = file.hunks.firstIndex(where: { $0.oldStart == line })
        else { return nil }
        return (index + 1, file.hunks[index])
    }

    /// The path of a `---` or `+++` line with its first component taken off; nil for `/dev/null`.
    private static func path(_ field: String) throws(Unreadable) -> String? {
        // A tab ends the path (`diff -u` writes a timestamp after it); git quotes names with odd characters.
        var path = String(field.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)[0])
        if path.hasPrefix("\""), path.hasSuffix("\""), path.count >= 2 {
            path = String(path.dropFirst().dropLast())
        }
        guard path != "/dev/null" else { return nil }
        guard let slash = path.firstIndex(of: "/"), path.index(after: slash) != path.endIndex else {
            throw Unreadable(
                reason: "the path '\(path)' has no leading component to strip: write paths as git diff does"
                    + " (a/litellm/router.py, b/litellm/router.py)")
        }
        let relative = String(path[path.index(after: slash)...])
        guard !relative.hasPrefix("/"), !relative.split(separator: "/").contains("..") else {
            throw Unreadable(reason: "the path '\(path)' leaves the package root")
        }
        return relative
    }

    /// The old start, old count and new count of `@@ -A,B +C,D @@` (a missing count is 1).
    private static func ranges(_ header: String) -> (Int, Int, Int)? {
        let words = header.split(separator: " ")
        guard words.count >= 4, words[0] == "@@", words[3] == "@@", words[1].hasPrefix("-"),
            words[2].hasPrefix("+")
        else { return nil }
        func range(_ word: Substring) -> (Int, Int)? {
            let parts = word.dropFirst().split(separator: ",", omittingEmptySubsequences: false)
            guard let start = Int(parts[0]), parts.count <= 2 else { return nil }
            guard parts.count == 2 else { return (start, 1) }
            return Int(parts[1]).map { (start, $0) }
        }
        guard let old = range(words[1]), let new = range(words[2]) else { return nil }
        return (old.0, old.1, new.1)
    }
}
