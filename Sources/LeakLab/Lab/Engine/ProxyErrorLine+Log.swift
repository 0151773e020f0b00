import LabLoad

extension ProxyErrorLine {
    /// The first error in a proxy's log: the exception line that ends its first Python traceback (the
    /// root cause, when exceptions are chained), else its first line that names an error; nil when neither.
    ///
    /// Terminal colours (LiteLLM's logger writes them to files too) are taken out; the line is shortened
    /// as a body's is.
    ///
    /// ```swift
    /// ProxyErrorLine.first(inLog: """
    ///     Traceback (most recent call last):
    ///       File "main.py", line 3, in <module>
    ///     TypeError: Invalid timeout
    ///     """)  // "TypeError: Invalid timeout"
    /// ```
    static func first(inLog log: String) -> String? {
        let lines = log.split(whereSeparator: \.isNewline).map(withoutColours)
        if let start = lines.firstIndex(where: { $0.hasPrefix("Traceback (most recent call last):") }),
            // A traceback's frames are indented; the exception line that ends it is not.
            let exception = lines[(start + 1)...].first(where: { $0.first?.isWhitespace == false })
        {
            return shortened(exception)
        }
        let markers = ["Error:", "Exception:", "ERROR", "[error]"]
        return lines.first { line in markers.contains { line.contains($0) } }
            .map { shortened($0.trimmingPrefix(while: \.isWhitespace)) }
    }

    /// `line` without ANSI escape sequences (`ESC [ … final byte`), which colour a terminal's text.
    private static func withoutColours(_ line: Substring) -> String {
        var text = ""
        var scalars = line.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "\u{1B}" else {
                text.unicodeScalars.append(scalar)
                continue
            }
            // `ESC [` opens a control sequence that ends at its first byte from `@` to `~`.
            guard scalars.next() == "[" else { continue }
            while let next = scalars.next(), !("@"..."~").contains(next) {}
        }
        return text
    }
}
