import Foundation

/// `@PATH` as a command's first word: the words are the file's lines (one argument per line, no quoting),
/// then the rest of the command line. How compose's services take the options `lab compose-plan` renders
/// for them, with nothing for a shell to split.
package enum ArgumentFile {
    /// `words` with a leading `@PATH` replaced by the lines of PATH (empty lines dropped).
    ///
    /// - Throws: ``UsageError`` naming the file when it cannot be read.
    static func expand(_ words: [String]) throws(UsageError) -> [String] {
        guard let first = words.first, first.hasPrefix("@"), first.count > 1 else { return words }
        let path = String(first.dropFirst())
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw UsageError(
                "cannot read the argument file \(path) (\(first)): it is written by `lab compose-plan`, or give "
                    + "the options on the command line")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        return lines + words.dropFirst()
    }
}
