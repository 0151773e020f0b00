import Glibc
import Synchronization

/// Makes sure no process the lab started outlives it, however it ends (SIGKILL and crashes included).
///
/// The first spawn starts a small watchdog (`sh`) whose standard input is a pipe only the lab holds (the
/// write end is close-on-exec, and children start with every other descriptor closed). The lab tells it
/// each child to guard and each child that is gone; when the lab dies, for whatever reason, the kernel
/// closes the pipe, the watchdog reads the end of it and kills whatever is still on its list: the process
/// group of a proxy (its workers included), or the process itself, and removes the containers on its list (a
/// container outlives the `docker run` that started it). The watchdog ignores the signals a terminal sends,
/// so a Ctrl-C that kills the lab does not kill it first.
///
/// A child puts itself on the list before it runs anything: between its clone and the exec of its program it
/// writes `add PID` (`add -PGID` when it leads its group) to the watchdog's input (`lab_spawn`), so a lab killed
/// at any moment of a start leaves nothing behind: until that child has written and closed its copy of the
/// input, the watchdog cannot see its end. The watchdog is started before the first child, and a lab that
/// cannot start it starts no child. Every child also carries the lab's token in its environment
/// (``variable``), and the watchdog kills every process that still carries it: a descendant that left its
/// group goes too (nginx rewrites its environment for its process title, so that part is only a backstop).
package enum OrphanGuard {
    /// What the watchdog kills: a process group (`-PGID`) or a process (`PID`).
    static func target(pid: pid_t, processGroup: pid_t?) -> String {
        processGroup.map { "-\($0)" } ?? String(pid)
    }

    /// Stops guarding `target`: it ended, and its number may be reused by a process that is not the lab's.
    static func release(_ target: String) { send("drop \(target)") }

    /// Removes the container `name` with the Docker CLI at `docker` (an absolute path) if the lab dies first.
    ///
    /// Called before the `docker run` starts; a watchdog that cannot start fails that spawn, loudly.
    package static func guardContainer(_ name: String, docker: String) {
        _ = try? input()
        send("add-container \(docker) \(name)")
    }

    /// Stops guarding the container `name`: the lab removed it.
    package static func releaseContainer(_ name: String, docker: String) {
        send("drop-container \(docker) \(name)")
    }

    /// The watchdog's script: keeps the guarded targets and containers (one `DOCKER NAME` line each), kills and
    /// removes them when its input ends.
    static let script = """
        trap '' INT TERM HUP QUIT
        targets=" "
        containers=""
        while IFS=' ' read -r verb target; do
          case $verb in
            add) targets="$targets$target " ;;
            drop) targets=$(printf '%s' "$targets" | sed "s/ $target / /") ;;
            add-container) containers="$containers
        $target" ;;
            drop-container) containers=$(printf '%s\n' "$containers" | grep -vxF "$target") ;;
          esac
        done
        for target in $targets; do kill -9 "$target" 2>/dev/null; done
        for environ in /proc/[0-9]*/environ; do
          if tr '\\0' '\\n' < "$environ" 2>/dev/null | grep -qxF "\(variable)=$GUARD_TOKEN"; then
            pid=${environ#/proc/}; kill -9 "${pid%/environ}" 2>/dev/null
          fi
        done
        printf '%s\n' "$containers" | while read -r docker name; do
          [ -n "$name" ] && "$docker" rm --force "$name" >/dev/null 2>&1
        done
        """

    private static let pipe = Mutex<Int32?>(nil)

    /// The environment variable every child carries, with ``token`` as its value.
    static let variable = "LEAK_LAB_GUARD"
    /// This lab's token: its pid and a random number, unique to this process.
    static let token = "\(getpid())-\(UInt64.random(in: .min ... .max))"

    /// The watchdog's input, a pipe's write end (close-on-exec), starting the watchdog if it is not running yet:
    /// a child registers itself there (see `lab_spawn`) before it runs.
    ///
    /// - Throws: ``ChildProcessError`` when the watchdog cannot start: then no child may start either.
    static func input() throws(ChildProcessError) -> Int32 {
        try pipe.withLock { (descriptor: inout Int32?) throws(ChildProcessError) -> Int32 in
            if let descriptor { return descriptor }
            let started = try startWatchdog()
            descriptor = started
            return started
        }
    }

    private static func send(_ line: String) {
        pipe.withLock { descriptor in
            // Nothing to add to or drop from before the first child (which starts the watchdog).
            guard let descriptor else { return }
            let bytes = Array((line + "\n").utf8)
            // One line per write, far below PIPE_BUF: atomic, never interleaved with another thread's or a
            // starting child's.
            _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        }
    }

    /// Starts the watchdog and returns its input's write end; every step checked, like any child's.
    private static func startWatchdog() throws(ChildProcessError) -> Int32 {
        let commandLine = "/bin/sh -c (the orphan watchdog)"
        var ends: [Int32] = [0, 0]
        guard Glibc.pipe(&ends) == 0 else {
            throw .cannotCaptureOutput(commandLine: commandLine, errno: errno)
        }
        defer { close(ends[0]) }
        // Close-on-exec keeps the lab's own execs clean; children close every descriptor from 3 on anyway.
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        guard null >= 0 else {
            close(ends[1])
            throw .spawnSetupFailed(commandLine: commandLine, step: "opening /dev/null", errno: errno)
        }
        defer { close(null) }
        let arguments = cStrings(["/bin/sh", "-c", script])
        defer { arguments.forEach { free($0) } }
        let environment = cStrings(["PATH=/usr/bin:/bin", "GUARD_TOKEN=\(token)"])
        defer { environment.forEach { free($0) } }
        do {
            // Its own process group: a signal to the lab's group (a terminal's Ctrl-C) does not reach it. Nothing
            // else of the lab's (listening sockets above all) lives on in it: it too starts with descriptors
            // from 3 on closed.
            _ = try ChildProcess.start(
                "/bin/sh", argv: arguments, envp: environment, stdin: ends[0], stdout: null, stderr: null,
                directory: nil, newGroup: true, register: nil, commandLine: commandLine)
        } catch {
            close(ends[1])
            throw error
        }
        return ends[1]
    }
}
