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
/// A child is on the list only once `posix_spawn` has returned its pid, so a lab killed in between would
/// leave it: every child therefore also carries the lab's token in its environment (``variable``), and the
/// watchdog kills every process that carries it, too. The watchdog is started before the first child.
package enum OrphanGuard {
    /// What the watchdog kills: a process group (`-PGID`) or a process (`PID`).
    static func target(pid: pid_t, processGroup: pid_t?) -> String {
        processGroup.map { "-\($0)" } ?? String(pid)
    }

    /// Guards `target` from now on.
    static func guardTarget(_ target: String) { send("add \(target)") }

    /// Stops guarding `target`: it ended, and its number may be reused by a process that is not the lab's.
    static func release(_ target: String) { send("drop \(target)") }

    /// Removes the container `name` with the Docker CLI at `docker` (an absolute path) if the lab dies first.
    package static func guardContainer(_ name: String, docker: String) {
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

    /// Starts the watchdog if it is not running yet: before a child is spawned.
    static func start() { send(nil) }

    private static func send(_ line: String?) {
        pipe.withLock { descriptor in
            if descriptor == nil { descriptor = startWatchdog() }
            guard let descriptor, let line else { return }
            let bytes = Array((line + "\n").utf8)
            // One line per write, far below PIPE_BUF: atomic, never interleaved with another thread's.
            _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        }
    }

    /// Starts the watchdog and returns the pipe's write end, or nil when it cannot (the lab then runs
    /// unguarded, as before: nothing else depends on it).
    private static func startWatchdog() -> Int32? {
        var ends: [Int32] = [0, 0]
        guard Glibc.pipe(&ends) == 0 else { return nil }
        defer { close(ends[0]) }
        // Children start with every descriptor above 2 closed; close-on-exec keeps the lab's own execs clean.
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, ends[0], 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // Nothing else of the lab's (listening sockets above all) may live on in the watchdog.
        _ = GNUSpawnActions.addCloseFrom.map { $0(&actions, 3) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group: a signal to the lab's group (a terminal's Ctrl-C) does not reach it.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        let arguments = cStrings(["/bin/sh", "-c", script])
        defer { arguments.forEach { free($0) } }
        let environment = cStrings(["PATH=/usr/bin:/bin", "GUARD_TOKEN=\(token)"])
        defer { environment.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/sh", &actions, &attributes, arguments, environment) == 0 else {
            close(ends[1])
            return nil
        }
        return ends[1]
    }
}
