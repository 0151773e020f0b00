/// Collects log lines in memory and hands them to a `LineWriter` in one `write(2)` on `flush()`.
///
/// For an event loop that may log thousands of lines in one turn (every client hanging up at once),
/// where a write per line would cost as much as the work it logs. The owner flushes at the end of every
/// turn and before anyone may read the log, so the file lags by at most one turn of the loop.
package final class BufferedLineWriter {
    private let writer: LineWriter
    private var pending: [UInt8] = []
    /// The last timestamp written and its millisecond: lines in the same millisecond share it.
    private var stamp: (millisecond: Int64, text: String) = (-1, "")

    /// Buffers lines for `writer`, timestamped as `writer` would.
    package init(_ writer: LineWriter) {
        self.writer = writer
    }

    deinit { flush() }

    /// Queues `line` with a trailing newline, prefixed by the time now when the writer uses timestamps.
    package func write(_ line: String) {
        if writer.timestamps {
            let now = LabClock.unixSeconds()
            let millisecond = Int64((now * 1000).rounded())
            if millisecond != stamp.millisecond { stamp = (millisecond, LabClock.iso8601(now) + " ") }
            pending += stamp.text.utf8
        }
        pending += line.utf8
        pending.append(UInt8(ascii: "\n"))
    }

    /// Writes every queued line now.
    package func flush() {
        guard !pending.isEmpty else { return }
        writer.write(bytes: pending)
        pending.removeAll(keepingCapacity: pending.count <= Self.keptCapacity)
    }

    /// Enough for a few hundred lines; a larger buffer left by a burst is given back.
    private static let keptCapacity = 64 * 1024
}
