import LabProcesses

extension LiteLLMInstaller {
    /// Runs one install step with its output appended to `log`, throwing if it fails.
    func runStep(_ spec: ChildProcess.Spec, log: String) throws(LiteLLMInstallError) {
        let (status, start) = try runLogged(spec, log: log)
        guard status.isSuccess else { throw stepFailed(spec, status: status, log: log, from: start) }
    }

    /// Runs a command with its output appended to `log`, after a line naming it.
    ///
    /// - Returns: How it ended, and the log offset its output starts at.
    func runLogged(_ spec: ChildProcess.Spec, log: String) throws(LiteLLMInstallError)
        -> (status: ChildProcess.ExitStatus, start: UInt64)
    {
        var spec = Self.bounded(spec)
        spec.log = .file(log)
        if let handler = installerLines {
            spec.lines = { @Sendable line in
                // Indented lines are lists and details (uv's ` + aiohttp==3.9.5`), not progress.
                if !line.hasPrefix(" "), !line.hasPrefix("Requirement already satisfied") { handler(line) }
            }
        }
        LogFile.append("$ " + spec.commandLine, to: log)
        let start = LogFile.size(log)
        do {
            return (try ChildProcess.run(spec), start)
        } catch .executableNotFound(let name, let searchPath) where name == python {
            throw .pythonNotFound(name: name, searchPath: searchPath)
        } catch {
            throw .cannotRun(error)
        }
    }

    /// The error for a failed step, quoting the end of its output.
    func stepFailed(
        _ spec: ChildProcess.Spec, status: ChildProcess.ExitStatus, log: String, from start: UInt64
    ) -> LiteLLMInstallError {
        .stepFailed(
            step: spec.commandLine, status: status, log: log,
            logTail: LogFile.tail(log, lines: 8, from: start))
    }

    /// Runs a short command and returns its stdout; its stderr goes where `spec.log` says.
    static func captureOutput(_ spec: ChildProcess.Spec) throws(LiteLLMInstallError) -> String {
        let spec = bounded(spec)
        var log: String?
        if case .file(let path) = spec.log {
            LogFile.append("$ " + spec.commandLine, to: path)
            log = path
        }
        let start = log.map(LogFile.size) ?? 0
        let result: (status: ChildProcess.ExitStatus, stdout: String)
        do {
            result = try ChildProcess.output(spec)
        } catch {
            throw .cannotRun(error)
        }
        guard result.status.isSuccess else {
            let tail = log.map { LogFile.tail($0, lines: 8, from: start) } ?? ""
            throw .stepFailed(step: spec.commandLine, status: result.status, log: log, logTail: tail)
        }
        return result.stdout
    }

    /// How long one install step may take: far more than any install here needs (seconds with uv, a
    /// minute with pip), so only a hung network or index reaches it.
    static let stepTimeLimit: Duration = .seconds(15 * 60)

    /// `spec` as install steps run: in a process group of its own (a stop reaches whatever pip or uv
    /// started) and with the step time limit.
    static func bounded(_ spec: ChildProcess.Spec) -> ChildProcess.Spec {
        var spec = spec
        spec.ownProcessGroup = true
        spec.timeLimit = spec.timeLimit ?? stepTimeLimit
        return spec
    }
}
