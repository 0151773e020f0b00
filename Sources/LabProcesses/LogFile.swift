import Foundation

/// Reading back the log files children write, for error messages.
package enum LogFile {
    /// The current size of the file, 0 if it does not exist: where text appended next will start.
    package static func size(_ path: String) -> UInt64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.uint64Value ?? 0
    }

    /// The text from byte `offset` on, empty if the file cannot be read.
    package static func text(_ path: String, from offset: UInt64 = 0) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.readToEnd() else {
            return ""
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The last `count` lines, each indented, for quoting under an error message.
    package static func tail(_ path: String, lines count: Int, from offset: UInt64 = 0) -> String {
        let lines = text(path, from: offset).split(separator: "\n", omittingEmptySubsequences: true)
        return lines.suffix(count).map { "    " + $0 }.joined(separator: "\n")
    }

    /// Appends a line, so that the log says which command produced the output below it.
    package static func append(_ line: String, to path: String) {
        guard let handle = FileHandle(forWritingAtPath: path) ?? create(path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data((line + "\n").utf8))
    }

    private static func create(_ path: String) -> FileHandle? {
        guard FileManager.default.createFile(atPath: path, contents: nil) else { return nil }
        return FileHandle(forWritingAtPath: path)
    }
}
