import Foundation
import LabProcesses
import Synchronization

/// Samples the summed memory of a set of child processes on a thread of its own and keeps the peaks: the
/// memory a method needs at its busiest, whether it is one process or a thousand.
///
/// Two sums, because they answer different questions: resident memory (`VmRSS`) counts the pages of
/// shared libraries once per process, as `ps` and `top` show them; own memory (`RssAnon`) counts only
/// what each process allocated, which is what a thousand processes really add.
final class ResidentSampler: Sendable {
    private struct State {
        var children: [ChildProcess] = []
        var peak = Peak()
        var running = true
    }

    private let state = Mutex(State())
    private let finished = DispatchSemaphore(value: 0)

    /// Starts sampling every `interval`; add processes as they start.
    init(interval: Duration = .milliseconds(20)) {
        let thread = Thread { [self] in
            while true {
                let (children, running) = state.withLock { ($0.children, $0.running) }
                guard running else { break }
                // exitStatus() is nil only while unreaped, so a pid is never read after the kernel may reuse it.
                let samples = children.lazy.filter { $0.exitStatus() == nil }
                    .compactMap { ProcessUsage.memory(pid: $0.pid) }
                let resident = samples.reduce(0) { $0 + $1.resident }
                let anonymous = samples.reduce(0) { $0 + $1.anonymous }
                state.withLock {
                    $0.peak.residentBytes = max($0.peak.residentBytes, resident)
                    $0.peak.anonymousBytes = max($0.peak.anonymousBytes, anonymous)
                }
                Thread.sleep(forTimeInterval: interval.seconds)
            }
            finished.signal()
        }
        thread.name = "resident-sampler"
        thread.start()
    }

    /// Includes `child` in every sample from now on.
    func add(_ child: ChildProcess) {
        state.withLock { $0.children.append(child) }
    }

    /// The highest sums seen, bytes.
    struct Peak {
        /// Of `VmRSS`.
        var residentBytes = 0
        /// Of `RssAnon`.
        var anonymousBytes = 0
    }

    /// Stops sampling and returns the highest sums seen.
    func stop() -> Peak {
        state.withLock { $0.running = false }
        finished.wait()
        return state.withLock { $0.peak }
    }
}
