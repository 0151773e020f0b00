import Foundation
import LabCore
import Synchronization

/// Installs the builds a command measures next while it measures the current one (`--prefetch N`): up to N
/// installs at once, each into the cache exactly as its turn would make it. When its turn comes, the build
/// is ready, or the turn waits on the venv's install lock until the install under way ends.
///
/// An install that fails ahead is only said: its turn installs it again and reports the failure as usual.
final class InstallsAhead: Sendable {
    private struct State {
        /// Builds waiting for a free install, in the order they are wanted.
        var queue: [LiteLLMUnderTest] = []
        /// The venvs being installed now, or installed ahead already.
        var claimed: Set<String> = []
        /// Installs under way.
        var running = 0
    }

    private let state = Mutex(State())
    private let width: Int
    private let folder: RunFolder
    private let events: EventLog
    private let interruption: LabInterruption
    private let underWay = DispatchGroup()

    /// Installs ahead `width` at once (none when 0), logging into `folder`.
    init(width: Int, folder: RunFolder, events: EventLog, interruption: LabInterruption) {
        self.width = width
        self.folder = folder
        self.events = events
        self.interruption = interruption
    }

    /// Installs `proxies` ahead, in this order, replacing what was queued and not started yet; builds not
    /// installed by the lab (images) and venvs ready already are left out.
    func want(_ proxies: [any ProxyUnderTest]) {
        guard width > 0 else { return }
        let wanted = proxies.compactMap(\.installAhead)
        let starts = state.withLock { state in
            state.queue = wanted.filter {
                guard let venv = try? $0.installKey else { return false }
                return !state.claimed.contains(venv) && !((try? $0.isInstalled) ?? true)
            }
            let starts = min(width - state.running, state.queue.count)
            state.running += starts
            return starts
        }
        for _ in 0..<starts {
            underWay.enter()
            Thread { [self] in
                installQueued()
                underWay.leave()
            }.start()
        }
    }

    /// Drops what is queued and waits for the installs under way, which end in the cache for later runs.
    func finish() {
        state.withLock { $0.queue = [] }
        underWay.wait()
    }

    /// Installs queued builds one after another until the queue is empty or the run is interrupted.
    private func installQueued() {
        while let proxy = next() {
            let clock = LabClock.monotonicNanoseconds()
            events.say("installing \(proxy.build.name) ahead of its turn")
            do {
                try proxy.install(log: folder.file("install-ahead-\(proxy.label).log"))
                let seconds = Double(LabClock.monotonicNanoseconds() - clock) / 1e9
                events.say("\(proxy.build.name) installed ahead in \(Format.seconds(seconds))")
            } catch {
                events.say("installing \(proxy.build.name) ahead failed, its turn tries again: \(error)")
            }
        }
    }

    /// The next build to install, claimed; nil (and one install fewer under way) when there is none.
    private func next() -> LiteLLMUnderTest? {
        state.withLock { state in
            while interruption.signal == nil, !state.queue.isEmpty {
                let proxy = state.queue.removeFirst()
                guard let venv = try? proxy.installKey, state.claimed.insert(venv).inserted else {
                    continue
                }
                return proxy
            }
            state.running -= 1
            return nil
        }
    }
}
