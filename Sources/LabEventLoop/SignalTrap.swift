#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// Turns SIGINT and SIGTERM into a callback on a dedicated thread, so shutdown runs as ordinary code.
///
/// Install it first thing in `main`, before any other thread starts: threads inherit the blocked
/// mask, so the signals reach only the trap's `sigwait`. Children must be spawned with an empty
/// mask (the runner's `ChildProcess` does that).
package enum SignalTrap {
    /// Blocks SIGINT and SIGTERM, ignores SIGPIPE, and calls `onSignal` with each signal that arrives.
    package static func install(_ onSignal: @escaping @Sendable (Int32) -> Void) {
        signal(SIGPIPE, SIG_IGN)
        var set = trappedSignals()
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let thread = Thread {
            var set = trappedSignals()
            while true {
                var received: Int32 = 0
                if sigwait(&set, &received) == 0 { onSignal(received) }
            }
        }
        thread.name = "signal-trap"
        thread.start()
    }

    /// `SIGINT`, `SIGTERM`, or `signal 9` for one the lab does not trap.
    package static func name(of signal: Int32) -> String {
        switch signal {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        default: "signal \(signal)"
        }
    }

    /// The conventional exit status of a process ended by `signal` (128 + number).
    package static func exitStatus(for signal: Int32) -> Int32 { 128 + signal }

    private static func trappedSignals() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        return set
    }
}
