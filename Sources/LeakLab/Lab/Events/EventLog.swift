import Foundation
import LabVerdict
import LabCore
import Synchronization

/// Where a run's events go: `events.jsonl` in its folder, and the terminal for the ones people read.
///
/// Lines are appended one `write(2)` each, so a file read during the run (or after a crash) is whole up
/// to its last line. Thread-safe: cells measured at once emit from their own threads.
package final class EventLog: Sendable {
    private let terminal: LineWriter
    private let prefix: String
    private let file = Mutex<LineWriter?>(nil)
    /// The run folder whose `events.jsonl` this is, made the latest when the run ends.
    private let attached = Mutex<RunFolder?>(nil)

    /// A log printing people's lines to `terminal` as `[prefix] text`; nothing is written to a file until
    /// ``attach(folder:)`` or ``append(to:)``.
    package init(terminal: LineWriter, prefix: String) {
        self.terminal = terminal
        self.prefix = prefix
    }

    /// Starts `folder`'s `events.jsonl` with a `run_started` event naming the command that started the lab.
    func attach(folder: RunFolder) throws {
        try append(to: folder.file("events.jsonl"))
        attached.withLock { $0 = folder }
    }

    /// Appends every event from now on to the file at `path`, which another process may be writing too
    /// (a compose run's two collectors): each line is one `write(2)` in append mode. The first writer of
    /// a new (or empty) file starts it with `run_started`.
    package func append(to path: String) throws {
        let isNew = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int ?? 0) == 0
        let writer = try LineWriter(appendingTo: path, timestamps: false)
        file.withLock { $0 = writer }
        if isNew {
            var started = LabEvent(.runStarted)
            started.schema = LabEvent.schema
            started.message = LabEvent.commandLine()
            emit(started)
        }
    }

    /// Records a measured cell's `verdict` event, and its `cost` when it has one.
    package func record(_ report: VerdictReport, cell: String) {
        var verdict = LabEvent(.verdict, cell: cell)
        (verdict.verdict, verdict.reason) = (report.verdict, report.reason)
        emit(verdict)
        guard let cost = report.cost else { return }
        var event = LabEvent(.cost, cell: cell)
        event.cost = cost
        emit(event)
    }

    /// Records `event`; a `message` is also printed for people.
    package func emit(_ event: LabEvent) {
        if let line = try? JSONCoding.encode(event, pretty: false) {
            file.withLock { $0?.write(String(decoding: line, as: UTF8.self)) }
        }
        // A run's end, with a verdict or an interruption, makes its folder the latest.
        if event.event == .runEnded { attached.withLock { $0 }?.markLatest() }
        if event.event == .message, let message = event.message {
            terminal.write("[\(prefix)] \(message)")
        }
    }

    /// Prints and records a line for people.
    package func say(_ message: String, cell: String? = nil) {
        var event = LabEvent(.message, cell: cell)
        event.message = message
        emit(event)
    }

    /// Prints a line as it is, without a prefix and without recording it (tables, the `VERDICT:` line: their
    /// Shows what is under way now (an install's steps) as `[prefix] text`: one updating line on a
    /// terminal, plain lines elsewhere; not an event, since only the outcome is.
    package func progress(_ text: String) {
        terminal.progress("[\(prefix)] \(text)")
    }

    /// content is in the events already).
    package func print(_ line: String) {
        terminal.write(line)
    }

    /// Runs `body` as `phase` of `cell`, with its start and end (and duration) recorded, also when it throws.
    package func phase<Result>(_ phase: LabEvent.Phase, cell: String?, _ body: () throws -> Result) rethrows
        -> Result
    {
        var started = LabEvent(.phaseStarted, cell: cell)
        started.phase = phase
        emit(started)
        defer {
            var ended = LabEvent(.phaseEnded, cell: cell)
            ended.phase = phase
            ended.seconds = ended.at - started.at
            emit(ended)
        }
        return try body()
    }
}
