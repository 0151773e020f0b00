import LabEventLoop
import LabProcesses
import Synchronization

/// What Ctrl-C (or SIGTERM) does during a run: stop every process and server the run started, let the
/// main thread end the run where it is, say where the partial results are, and exit 130 (143 for SIGTERM).
///
/// The signal trap's thread only stops things: the main thread, whose waits end when what they wait for
/// is stopped, refuses to start anything new (``checkpoint()``) and ends the command with the signal's
/// status, so nothing calls `exit()` while another thread is still writing the run's files.
public final class LabInterruption: Sendable {
    private struct State {
        var stops: [@Sendable () -> Void] = []
        var folder: String?
        var signal: Int32?
    }

    private let state = Mutex(State())
    private let output: @Sendable (String) -> Void
    private let stopChildren: @Sendable () -> Void

    /// Interruption handling that reports through `output`.
    ///
    /// - Parameter stopChildren: Stops every child process; by default all the lab spawned, each with
    ///   0.5 s to end after `SIGTERM` (an interrupted run's proxy needs no graceful end, and a person waits).
    package init(
        output: @escaping @Sendable (String) -> Void,
        stopChildren: @escaping @Sendable () -> Void = { ChildProcess.shutDown(grace: .milliseconds(500)) }
    ) {
        self.output = output
        self.stopChildren = stopChildren
    }

    /// Registers a stop action, run (latest first) on interruption.
    public func onInterrupt(_ stop: @escaping @Sendable () -> Void) {
        state.withLock { $0.stops.append(stop) }
    }

    /// Remembers the run folder, to point at it when interrupted.
    public func note(folder: String) {
        state.withLock { $0.folder = folder }
    }

    /// The signal that interrupted the run, once one has.
    public var signal: Int32? { state.withLock { $0.signal } }

    /// Throws ``LabInterrupted`` once the run is interrupted: called before each step, so nothing new starts.
    public func checkpoint() throws {
        if let signal { throw LabInterrupted(signal: signal) }
    }

    /// Stops every child process and registered part, and returns; call from the signal trap's thread.
    ///
    /// A second signal while the first is being handled only says so: the stops are already under way.
    public func interrupt(signal: Int32) {
        let (stops, first) = state.withLock { state in
            defer { state.signal = state.signal ?? signal }
            return (state.stops, state.signal == nil)
        }
        guard first else {
            output("[lab] already stopping; every process the lab started ends with it")
            return
        }
        output("[lab] interrupted: stopping \(stops.count) running parts")
        stopChildren()
        for stop in stops.reversed() { stop() }
    }

    /// Runs a command's `body` on the main thread; once interrupted, the command ends with the signal's
    /// status, whatever the stopped parts made `body` return or throw.
    public func exitStatus(of body: () throws -> Int32) throws -> Int32 {
        let result = Result(catching: body)
        guard let signal else { return try result.get() }
        if let folder = state.withLock({ $0.folder }) { output("[lab] partial results kept in \(folder)") }
        return LabInterrupted(signal: signal).exitStatus
    }
}

/// The run was interrupted by `signal`: nothing further is started.
public struct LabInterrupted: ExitStatusProviding, CustomStringConvertible {
    /// SIGINT or SIGTERM.
    public let signal: Int32

    public var exitStatus: Int32 { SignalTrap.exitStatus(for: signal) }

    public var description: String { "interrupted by signal \(signal)" }
}
