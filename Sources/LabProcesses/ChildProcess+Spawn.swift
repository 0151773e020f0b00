import Foundation
import Glibc
import LabCore

extension ChildProcess {
    /// Starts a process as `spec` describes.
    ///
    /// - Parameter spec: What to run and how.
    /// - Returns: The running child; the caller must wait for it or stop it.
    /// - Throws: ``ChildProcessError`` naming what was missing or what failed.
    package static func spawn(_ spec: Spec) throws(ChildProcessError) -> ChildProcess {
        try spawn(spec, stdout: nil)
    }

    /// Starts a process, its stdout going to `stdoutDescriptor` instead of `spec.log` when given.
    static func spawn(_ spec: Spec, stdout stdoutDescriptor: Int32?) throws(ChildProcessError) -> ChildProcess
    {
        let executable = try resolveExecutable(spec.executable, environment: spec.environment)
        if let directory = spec.workingDirectory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory),
                isDirectory.boolValue
            else { throw .workingDirectoryMissing(directory) }
        }
        let commandLine = spec.commandLine

        var logDescriptor: Int32?
        if case .file(let path) = spec.log {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw .cannotOpenLog(path: path, errno: errno) }
            logDescriptor = descriptor
        }
        defer { if let logDescriptor { close(logDescriptor) } }
        // The output goes through a pipe whose reader appends it to the log and hands its lines over.
        let lines = logDescriptor.flatMap { log in spec.lines.map { (log: log, handler: $0) } }
        var pipeEnds: [Int32] = [-1, -1]
        if lines != nil {
            guard pipe(&pipeEnds) == 0 else {
                throw .cannotCaptureOutput(commandLine: commandLine, errno: errno)
            }
            // Children start with every descriptor above 2 closed (below): close-on-exec is for the lab's execs.
            pipeEnds.forEach { _ = fcntl($0, F_SETFD, FD_CLOEXEC) }
        }
        defer { if pipeEnds[1] >= 0 { close(pipeEnds[1]) } }

        // Every action is checked: a child that silently kept a descriptor of the lab's, or started elsewhere
        // or with the lab's blocked signals, would measure something else.
        func check(_ result: Int32, _ step: String) throws(ChildProcessError) {
            guard result == 0 else {
                throw .spawnSetupFailed(commandLine: commandLine, step: step, errno: result)
            }
        }
        var actions = posix_spawn_file_actions_t()
        try check(posix_spawn_file_actions_init(&actions), "posix_spawn_file_actions_init")
        defer { posix_spawn_file_actions_destroy(&actions) }
        try check(
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0),
            "opening /dev/null as stdin")
        let output = lines == nil ? logDescriptor : pipeEnds[1]
        if let descriptor = stdoutDescriptor ?? output {
            try check(posix_spawn_file_actions_adddup2(&actions, descriptor, 1), "redirecting stdout")
        }
        if let output {
            try check(posix_spawn_file_actions_adddup2(&actions, output, 2), "redirecting stderr")
        }
        if let directory = spec.workingDirectory {
            guard let addChdir = GNUSpawnActions.addChdir else {
                throw .spawnActionUnsupported("posix_spawn_file_actions_addchdir_np")
            }
            try check(addChdir(&actions, directory), "changing to \(directory)")
        }
        // Descriptors of the lab (listening sockets, lock files) must not live on in the child: an inherited
        // socket would keep a port or a connection open after the lab closed it.
        guard let addCloseFrom = GNUSpawnActions.addCloseFrom else {
            throw .spawnActionUnsupported("posix_spawn_file_actions_addclosefrom_np")
        }
        try check(addCloseFrom(&actions, 3), "closing descriptors from 3 on")

        var attributes = posix_spawnattr_t()
        try check(posix_spawnattr_init(&attributes), "posix_spawnattr_init")
        defer { posix_spawnattr_destroy(&attributes) }
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if spec.ownProcessGroup {
            flags |= POSIX_SPAWN_SETPGROUP
            try check(posix_spawnattr_setpgroup(&attributes, 0), "setting the process group")
        }
        try check(posix_spawnattr_setflags(&attributes, Int16(flags)), "setting the spawn flags")
        // The lab blocks SIGINT/SIGTERM to handle them on a thread: the child must not inherit that.
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        try check(posix_spawnattr_setsigmask(&attributes, &emptyMask), "unblocking signals")
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        try check(posix_spawnattr_setsigdefault(&attributes, &allSignals), "resetting signal handlers")

        let argv = cStrings([spec.executable] + spec.arguments)
        defer { argv.forEach { free($0) } }
        // Marked as the lab's before it runs, and the watchdog running, so that no moment leaves it unguarded.
        var environment = spec.environment ?? ProcessInfo.processInfo.environment
        environment[OrphanGuard.variable] = OrphanGuard.token
        OrphanGuard.start()
        let envp = cStrings(environment.map { "\($0.key)=\($0.value)" })
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        var result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        // A program just written can still be open for writing in a child another thread forked meanwhile,
        // until that child execs (Linux says ETXTBSY): it does within moments, so the spawn is tried again.
        let patience = LabClock.deadline(after: .seconds(2))
        while result == ETXTBSY && !LabClock.hasPassed(patience) {
            sched_yield()
            result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        }
        guard result == 0 else {
            if pipeEnds[0] >= 0 { close(pipeEnds[0]) }
            throw .spawnFailed(commandLine: commandLine, errno: result)
        }
        let child = ChildProcess(
            pid: pid, processGroup: spec.ownProcessGroup ? pid : nil, commandLine: commandLine,
            outputEnded: lines.map { OutputLines.follow(pipeEnds[0], into: dup($0.log), handler: $0.handler) }
        )
        guard remember(child) else {
            child.stop(grace: .zero)
            throw .shuttingDown(commandLine: commandLine)
        }
        return child
    }

    /// The absolute path of the program: a path is anchored at the lab's directory (a relative
    /// one would otherwise be read after the child's chdir), a bare name is looked up in `PATH`.
    package static func resolveExecutable(_ name: String, environment: [String: String]?)
        throws(ChildProcessError)
        -> String
    {
        if name.contains("/") {
            let path = name.hasPrefix("/") ? name : FileManager.default.currentDirectoryPath + "/" + name
            guard access(path, X_OK) == 0 else { throw .notExecutable(path: path) }
            return path
        }
        let searchPath =
            (environment ?? ProcessInfo.processInfo.environment)["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in searchPath.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory),
                !isDirectory.boolValue,
                access(candidate, X_OK) == 0
            {
                return candidate
            }
        }
        throw .executableNotFound(name: name, searchPath: searchPath)
    }
}

/// glibc's `posix_spawn` extensions, which Swift does not import (they sit behind `_GNU_SOURCE`):
/// looked up at run time instead, with their C calling convention.
enum GNUSpawnActions {
    typealias AddChdir =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29).
    static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np")
    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34).
    static let addCloseFrom: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")

    private static func symbol<Function>(_ name: String) -> Function? {
        guard let address = dlsym(dlopen(nil, RTLD_NOW), name) else { return nil }
        return unsafeBitCast(address, to: Function.self)
    }
}

/// A NULL-terminated array of C strings, as `argv` and `envp`; the caller frees each one.
func cStrings(_ strings: [String]) -> [UnsafeMutablePointer<CChar>?] {
    strings.map { strdup($0) } + [nil]
}
