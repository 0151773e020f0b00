/// Words joined into one line a POSIX shell reads back as the same words: a word with anything but letters,
/// digits and `_./:=@%+,-` is single-quoted.
///
/// ```swift
/// ShellWords.line(["lab", "run", "--litellm-source", "/src/my litellm"])  // lab run --litellm-source '/src/my litellm'
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
}
