#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import Synchronization

/// Writes timestamped log lines straight to a file descriptor, one `write(2)` per line.
///
/// Unbuffered on purpose: a log read while the lab runs (or after a crash) is complete up to the last line.
public final class LineWriter: Sendable {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    /// Whether each line starts with an ISO 8601 time.
    let timestamps: Bool
    /// Whether ``progress(_:)`` rewrites one line in place: a terminal, outside CI.
    private let rewritesProgress: Bool
    /// Whether a progress line is on screen now, to be replaced by the next line.
    private let progressShown = Mutex(false)

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

    /// Writes to `descriptor`, which it does not close; ``progress(_:)`` rewrites its line in place when
    /// `rewritingProgress`.
    package init(descriptor: Int32, rewritingProgress: Bool) {
        self.descriptor = descriptor
        ownsDescriptor = false
        timestamps = false
        rewritesProgress = rewritingProgress
    }

    private init(descriptor: Int32, owns: Bool, timestamps: Bool) {
        self.descriptor = descriptor
        self.ownsDescriptor = owns
        self.timestamps = timestamps
        rewritesProgress =
            !owns
            && Self.rewritesProgress(
                isTerminal: isatty(descriptor) == 1, environment: ProcessInfo.processInfo.environment)
    }

    /// Whether progress is one line rewritten in place: on a terminal, unless in CI (`CI` set, as every CI
    /// service has it) or on a terminal that cannot (`TERM=dumb`).
    static func rewritesProgress(isTerminal: Bool, environment: [String: String]) -> Bool {
        isTerminal && (environment["CI"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }

    deinit { if ownsDescriptor { close(descriptor) } }

    /// Writes `line` with a trailing newline, prefixed by an ISO 8601 time when timestamps are on; on a
    /// terminal it replaces the progress line shown, if any.
    package func write(_ line: String) {
        let text = (timestamps ? LabClock.iso8601(LabClock.unixSeconds()) + " " : "") + line + "\n"
        progressShown.withLock { shown in
            write(bytes: Array(((shown ? Self.clearLine : "") + text).utf8))
            shown = false
        }
    }

    /// Shows what is under way: on a terminal one line rewritten in place (cut to the terminal's width),
    /// replaced by the next line written; elsewhere (a file, a pipe, CI) a plain line.
    package func progress(_ line: String) {
        guard rewritesProgress else { return write(line) }
        var size = winsize()
        let width = ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 1 ? Int(size.ws_col) : 80
        progressShown.withLock { shown in
            write(bytes: Array((Self.clearLine + String(line.prefix(width - 1))).utf8))
            shown = true
        }
    }

    /// Back to the line's start, and erase it.
    private static let clearLine = "\r\u{1B}[K"

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
