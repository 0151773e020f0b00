import Dispatch
import Glibc
import Synchronization

extension ChildProcess {
    /// Every child spawned and not yet reaped, so an interruption can stop what nobody holds a handle to
    /// (a `pip install` deep inside the installer, say).
    static let running = Mutex<[pid_t: ChildProcess]>([:])

    /// Records a spawned child in `running` and has the ``OrphanGuard`` kill it should the lab die first.
    static func remember(_ child: ChildProcess) {
        running.withLock { $0[child.pid] = child }
        OrphanGuard.guardTarget(OrphanGuard.target(pid: child.pid, processGroup: child.processGroup))
    }

    /// Drops a reaped child from `running` and from the guard's list (its number may be reused now).
    static func forget(_ pid: pid_t) {
        guard let child = running.withLock({ $0.removeValue(forKey: pid) }) else { return }
        OrphanGuard.release(OrphanGuard.target(pid: pid, processGroup: child.processGroup))
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
