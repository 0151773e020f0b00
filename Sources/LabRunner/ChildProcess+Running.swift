import Dispatch
import Glibc
import Synchronization

extension ChildProcess {
    /// Every child spawned and not yet reaped, so an interruption can stop what nobody holds a handle to
    /// (a `pip install` deep inside the installer, say).
    static let running = Mutex<[pid_t: ChildProcess]>([:])

    /// Drops a reaped child from `running`.
    static func forget(_ pid: pid_t) {
        _ = running.withLock { $0.removeValue(forKey: pid) }
    }

    /// Stops every child still running, all at once, each with `grace` before `SIGKILL`.
    ///
    /// - Returns: how many children were stopped.
    @discardableResult
    package static func stopAll(grace: Duration) -> Int {
        let children = Array(running.withLock { $0.values })
        DispatchQueue.concurrentPerform(iterations: children.count) { index in
            children[index].stop(grace: grace)
        }
        return children.count
    }
}
