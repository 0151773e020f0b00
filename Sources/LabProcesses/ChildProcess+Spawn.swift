import CLabSpawn
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

        let argv = cStrings([spec.executable] + spec.arguments)
        defer { argv.forEach { free($0) } }
        // Marked as the lab's (see ``OrphanGuard``), and the watchdog running before anything starts.
        var environment = spec.environment ?? ProcessInfo.processInfo.environment
        environment[OrphanGuard.variable] = OrphanGuard.token
        let envp = cStrings(environment.map { "\($0.key)=\($0.value)" })
        defer { envp.forEach { free($0) } }
        let watchdog = try OrphanGuard.input()

        let output = lines == nil ? logDescriptor : pipeEnds[1]
        let pid: pid_t
        do {
            pid = try start(
                executable, argv: argv, envp: envp, stdout: stdoutDescriptor ?? output, stderr: output,
                directory: spec.workingDirectory, newGroup: spec.ownProcessGroup, register: watchdog,
                commandLine: commandLine)
        } catch {
            if pipeEnds[0] >= 0 { close(pipeEnds[0]) }
            throw error
        }
        if let holdAfterSpawn { PollingClock.system.sleep(until: LabClock.deadline(after: holdAfterSpawn)) }
        let child = ChildProcess(
            pid: pid, processGroup: spec.ownProcessGroup ? pid : nil, commandLine: commandLine,
            outputEnded: lines.map { OutputLines.follow(pipeEnds[0], into: dup($0.log), handler: $0.handler) }
        )
        guard remember(child) else {
            child.stop(grace: .zero)
            OrphanGuard.release(OrphanGuard.target(pid: child.pid, processGroup: child.processGroup))
            throw .shuttingDown(commandLine: commandLine)
        }
        return child
    }

    /// Starts `executable` with `lab_spawn`: the child registers with the watchdog at `register` (when given)
    /// before it runs anything, so a lab killed at any moment of a start leaves nothing behind; every step is
    /// checked, and a failed one named.
    ///
    /// - Returns: The child's pid, once it runs the program.
    static func start(
        _ executable: String, argv: [UnsafeMutablePointer<CChar>?], envp: [UnsafeMutablePointer<CChar>?],
        stdin: Int32? = nil, stdout: Int32?, stderr: Int32?, directory: String?, newGroup: Bool,
        register: Int32?, commandLine: String
    ) throws(ChildProcessError) -> pid_t {
        var result = lab_spawn_result()
        let code = executable.withCString { path in
            withOptionalCString(directory) { directory in
                argv.withUnsafeBufferPointer { argv in
                    envp.withUnsafeBufferPointer { envp in
                        var request = lab_spawn_request(
                            path: path, argv: argv.baseAddress, envp: envp.baseAddress, stdin_fd: stdin ?? -1,
                            stdout_fd: stdout ?? -1, stderr_fd: stderr ?? -1, directory: directory,
                            new_group: newGroup ? 1 : 0, register_fd: register ?? -1,
                            busy_patience_ns: 2_000_000_000)
                        return lab_spawn(&request, &result)
                    }
                }
            }
        }
        guard code != 0 else { return result.pid }
        if result.pid > 0 {
            // The child ended without running the program: reaped here, and off the watchdog's list.
            var status: Int32 = 0
            while waitpid(result.pid, &status, 0) == -1 && errno == EINTR {}
            if register != nil {
                OrphanGuard.release(
                    OrphanGuard.target(pid: result.pid, processGroup: newGroup ? result.pid : nil))
            }
        }
        guard let step = SpawnStep(rawValue: result.step), step != .exec else {
            throw .spawnFailed(commandLine: commandLine, errno: code)
        }
        throw .spawnSetupFailed(commandLine: commandLine, step: step.description, errno: code)
    }

    /// For the killed-lab tests only: how long a spawn waits between the child's start and its record in
    /// ``running`` (`LEAK_LAB_TEST_HOLD_AFTER_SPAWN`, in seconds), so that a test can kill the lab in that moment
    /// and check that the child, guarded since before it ran, does not outlive it.
    static let holdAfterSpawn: Duration? = ProcessInfo.processInfo.environment[
        "LEAK_LAB_TEST_HOLD_AFTER_SPAWN"
    ]
    .flatMap(Double.init).map { .milliseconds(Int($0 * 1000)) }

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

/// The steps of a start, as `lab_spawn` names the one that failed (`enum lab_spawn_step`).
enum SpawnStep: Int32, CustomStringConvertible {
    case stack = 1, clone, processGroup, register, stdin, stdout, stderr, directory, closeDescriptors,
        signals,
        exec

    var description: String {
        switch self {
        case .stack: return "allocating the child's stack"
        case .clone: return "creating the process"
        case .processGroup: return "setting the process group"
        case .register: return "registering with the orphan watchdog"
        case .stdin: return "opening /dev/null as stdin"
        case .stdout: return "redirecting stdout"
        case .stderr: return "redirecting stderr"
        case .directory: return "changing the working directory"
        case .closeDescriptors: return "closing descriptors from 3 on (close_range, then /proc/self/fd)"
        case .signals: return "resetting signals"
        case .exec: return "executing the program"
        }
    }
}

/// Calls `body` with `string` as a C string, or with nil.
func withOptionalCString<Result>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> Result) -> Result {
    guard let string else { return body(nil) }
    return string.withCString { body($0) }
}

/// A NULL-terminated array of C strings, as `argv` and `envp`; the caller frees each one.
func cStrings(_ strings: [String]) -> [UnsafeMutablePointer<CChar>?] {
    strings.map { strdup($0) } + [nil]
}
