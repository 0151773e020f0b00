#if canImport(Glibc)
    import Glibc
#endif

/// Writes timestamped log lines straight to a file descriptor, one `write(2)` per line.
///
/// Unbuffered on purpose: a log read while the lab runs (or after a crash) is complete up to the last line.
public final class LineWriter: Sendable {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    /// Whether each line starts with an ISO 8601 time.
    let timestamps: Bool

    /// Writes to standard output.
    package static func standardOutput(timestamps: Bool = true) -> LineWriter {
        LineWriter(descriptor: STDOUT_FILENO, owns: false, timestamps: timestamps)
    }

    /// Writes to standard error, for progress and errors that must not mix with machine-read output.
    package static func standardError(timestamps: Bool = false) -> LineWriter {
        LineWriter(descriptor: STDERR_FILENO, owns: false, timestamps: timestamps)
    }

    /// Appends to the file at `path`, creating it.
    package convenience init(appendingTo path: String, timestamps: Bool = true) throws(SystemError) {
        let descriptor = try systemCall("open \(path)") {
            open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        }
        self.init(descriptor: descriptor, owns: true, timestamps: timestamps)
    }

    private init(descriptor: Int32, owns: Bool, timestamps: Bool) {
        self.descriptor = descriptor
        self.ownsDescriptor = owns
        self.timestamps = timestamps
    }

    deinit { if ownsDescriptor { close(descriptor) } }

    /// Writes `line` with a trailing newline, prefixed by an ISO 8601 time when timestamps are on.
    package func write(_ line: String) {
        let text = (timestamps ? LabClock.iso8601(LabClock.unixSeconds()) + " " : "") + line + "\n"
        write(bytes: Array(text.utf8))
    }

    /// Writes `text` as it is, whole unless the descriptor fails.
    package func write(bytes text: [UInt8]) {
        var bytes = text[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
