import Dispatch
import Glibc
import Synchronization

extension ChildProcess {
    /// The children spawned and not yet reaped, and whether more may start.
    struct Registry {
        private(set) var children: [pid_t: ChildProcess] = [:]
        /// Set by ``ChildProcess/shutDown(grace:)``: the lab is ending, nothing new starts.
        private(set) var closed = false

        /// Records `child`; `false` once closed, when the caller must stop it instead.
        mutating func admit(_ child: ChildProcess) -> Bool {
            guard !closed else { return false }
            children[child.pid] = child
            return true
        }

        /// Drops a reaped child.
        mutating func remove(_ pid: pid_t) -> ChildProcess? { children.removeValue(forKey: pid) }

        /// Closes the registry and returns every child still running.
        mutating func close() -> [ChildProcess] {
            closed = true
            return Array(children.values)
        }
    }

    /// Every child spawned and not yet reaped, so an interruption can stop what nobody holds a handle to
    /// (a `pip install` deep inside the installer, say).
    static let running = Mutex(Registry())

    /// Records a spawned child in `running` (the ``OrphanGuard`` has it already: the child registered itself
    /// before it ran).
    ///
    /// - Returns: `false` when the lab is shutting down; the child was not recorded.
    static func remember(_ child: ChildProcess) -> Bool {
        running.withLock { $0.admit(child) }
    }

    /// Drops a reaped child from `running` and from the guard's list (its number may be reused now).
    static func forget(_ pid: pid_t) {
        guard let child = running.withLock({ $0.remove(pid) }) else { return }
        OrphanGuard.release(OrphanGuard.target(pid: pid, processGroup: child.processGroup))
    }

    /// Stops every child still running, all at once, each with `grace` before `SIGKILL`, and refuses to
    /// start any more: the lab is ending, and a child started after this would be stopped by nobody.
    ///
    /// - Returns: how many children were stopped.
    @discardableResult
    package static func shutDown(grace: Duration) -> Int {
        let children = running.withLock { $0.close() }
        DispatchQueue.concurrentPerform(iterations: children.count) { index in
            children[index].stop(grace: grace)
        }
        return children.count
    }
}
