#if canImport(Glibc)
    import Glibc
#endif
import LabEventLoop
import LabRunner
import Synchronization

/// What Ctrl-C (or SIGTERM) does during a run: stop every process and server the run started, say where
/// the partial results are, and exit 130 (143 for SIGTERM).
public final class LabInterruption: Sendable {
    private struct State {
        var stops: [@Sendable () -> Void] = []
        var folder: String?
        var interrupted = false
    }

    private let state = Mutex(State())
    private let output: @Sendable (String) -> Void

    /// Interruption handling that reports through `output`.
    public init(output: @escaping @Sendable (String) -> Void) {
        self.output = output
    }

    /// Registers a stop action, run (latest first) on interruption.
    public func onInterrupt(_ stop: @escaping @Sendable () -> Void) {
        state.withLock { $0.stops.append(stop) }
    }

    /// Remembers the run folder, to point at it when interrupted.
    public func note(folder: String) {
        state.withLock { $0.folder = folder }
    }

    /// Blocks forever once an interruption is under way, so the main thread's own ending (an error the
    /// stopped parts caused) never races the interruption's exit status.
    public func holdIfInterrupted() {
        guard state.withLock({ $0.interrupted }) else { return }
        while true { pause() }
    }

    /// Runs every stop action and ends the process; call from the signal trap's thread.
    public func interrupt(signal: Int32) -> Never {
        let (stops, folder) = state.withLock {
            $0.interrupted = true
            return ($0.stops, $0.folder)
        }
        output("[lab] interrupted: stopping \(stops.count) running parts")
        ChildProcess.stopAll(grace: .seconds(3))
        for stop in stops.reversed() { stop() }
        if let folder { output("[lab] partial results kept in \(folder)") }
        exit(SignalTrap.exitStatus(for: signal))
    }
}
