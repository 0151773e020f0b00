import Dispatch
import Glibc
import LabCore
import Synchronization

/// A child process started with `lab_spawn` (clone and exec, as `posix_spawn`), which the lab waits for and stops.
///
/// The child starts with an empty signal mask and default signal dispositions, whatever the lab
/// blocks or ignores, so that the lab can block `SIGINT`/`SIGTERM` and still stop its children.
/// Only this type reaps the child: nothing else in the lab may call `waitpid` for it.
///
/// ```swift
/// let proxy = try ChildProcess.spawn(.init("/venv/bin/litellm", ["--port", "4000"], ownProcessGroup: true))
/// defer { proxy.stop(grace: .seconds(3)) }
/// ```
package final class ChildProcess: Sendable {
    /// The child's process id.
    package let pid: pid_t

    /// The process group the child leads, when it was spawned into its own group.
    ///
    /// Signals from ``stop(grace:)`` go to this whole group, so grandchildren stop too.
    let processGroup: pid_t?

    /// The program and arguments, for messages.
    package let commandLine: String

    /// The reaped status; reaping happens only under this lock, so a pid that is signalled
    /// under it cannot have been recycled for another process.
    private let reaped = Mutex<ExitStatus?>(nil)

    /// Whether a ``stop(grace:)`` has begun: only the first caller signals, the others wait.
    private let stopBegun = Atomic<Bool>(false)

    /// Signalled once the reader of the child's output (``Spec/lines``) read its end.
    private let outputEnded: DispatchSemaphore?

    init(pid: pid_t, processGroup: pid_t?, commandLine: String, outputEnded: DispatchSemaphore? = nil) {
        self.pid = pid
        self.processGroup = processGroup
        self.commandLine = commandLine
        self.outputEnded = outputEnded
    }

    /// Waits until every line of the child's output was handed over (``Spec/lines``); at once without.
    func waitForOutput() {
        outputEnded?.wait()
        outputEnded?.signal()
    }

    /// The exit status if the child has ended, without blocking.
    ///
    /// A child leading its own process group takes the group with it: the members left behind get
    /// `SIGKILL` while the leader is still an unreaped zombie, so the group's number cannot have been
    /// reused yet, and they would otherwise keep sockets (and upstream requests) open.
    ///
    /// - Returns: The status, or `nil` while the child runs. A child that something else reaped
    ///   (for example with `SIGCHLD` ignored) reports `.exited(-1)`, its real status being lost.
    package func exitStatus() -> ExitStatus? {
        reaped.withLock { (status: inout ExitStatus?) -> ExitStatus? in
            guard status == nil else { return status }
            var info = siginfo_t()
            var peeked: Int32
            repeat {
                peeked = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
            } while peeked == -1
                && errno == EINTR
            if peeked == 0 && info._sifields._sigchld.si_pid == 0 { return nil }
            if peeked == 0, let processGroup { _ = kill(-processGroup, SIGKILL) }
            var raw: Int32 = 0
            var result: pid_t
            repeat { result = waitpid(pid, &raw, WNOHANG) } while result == -1 && errno == EINTR
            if result == pid {
                status = ExitStatus(waitStatus: raw)
            } else if result == -1 {
                status = .exited(-1)
            }
            if status != nil { ChildProcess.forget(pid) }
            return status
        }
    }

    /// Blocks the calling thread until the child ends.
    ///
    /// - Returns: How the child ended.
    package func waitForExit() -> ExitStatus {
        while true {
            if let status = exitStatus() { return status }
            // Wait without reaping (WNOWAIT) so that reaping stays under the lock in exitStatus().
            var info = siginfo_t()
            _ = waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT)
        }
    }

    /// Waits until the child ends or the monotonic `deadline` (``LabClock``) passes.
    func waitForExit(until deadline: UInt64) -> ExitStatus? {
        while true {
            if let status = exitStatus() { return status }
            if LabClock.hasPassed(deadline) { return nil }
            usleep(10_000)
        }
    }

    /// Sends `signal` to the child's group (or to the child alone), unless the child is reaped.
    func send(_ signal: Int32) {
        reaped.withLock { status in
            guard status == nil else { return }
            _ = kill(processGroup.map { -$0 } ?? pid, signal)
        }
    }

    /// Stops the child: `SIGTERM`, up to `grace` to end, then `SIGKILL`; blocks until it has ended.
    ///
    /// With its own process group, both signals go to the whole group, and no member outlives the
    /// leader (see ``exitStatus()``). Only the first call signals; every call, concurrent ones included,
    /// waits for the end without holding a lock and returns the same status.
    ///
    /// - Parameter grace: How long the child may take to end after `SIGTERM`.
    /// - Returns: How the child ended.
    @discardableResult
    package func stop(grace: Duration) -> ExitStatus {
        let first = !stopBegun.exchange(true, ordering: .acquiringAndReleasing)
        if first {
            let deadline = LabClock.deadline(after: grace)
            send(SIGTERM)
            if waitForExit(until: deadline) == nil { send(SIGKILL) }
        }
        return waitForExit()
    }
}
