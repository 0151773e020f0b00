import LabProcesses
import LabRecords

extension LiteLLMInstaller {
    /// Installs exactly `lock` (copied into the venv at `root` as ``lockFile``) with no dependency resolution:
    /// uv's `pip install --no-deps -r`, or the venv's own pip when uv is not there (which checks the hashes
    /// and compiles bytecode itself). uv compiles no bytecode: the proxy's first start writes it for the
    /// modules it imports (its environment leaves out the caller's `PYTHONDONTWRITEBYTECODE`), which costs
    /// less than compiling every module of the venv at install (LiteLLM 1.110.2: about 9 s more per install, for
    /// a start 5 s faster once), since a bisect starts each release it installs once.
    func installLock(_ lock: LiteLLMLock, with uv: UvTool?, into root: String, log: String)
        throws(LiteLLMInstallError)
    {
        let file = root + "/" + Self.lockFile
        try write(lock.text, to: file)
        let spec: ChildProcess.Spec =
            uv.map {
                .init(
                    $0.executable,
                    [
                        "pip", "install", "--python", root + "/bin/python", "--no-deps", "-r", file,
                    ],
                    environment: $0.environment)
            }
            ?? .init(
                root + "/bin/pip", ["install", "--disable-pip-version-check", "-q", "--no-deps", "-r", file])
        let (status, start) = try runLogged(spec, log: log)
        guard status.isSuccess else {
            if case .requirement(let requirement) = Self.unavailable(
                in: LogFile.text(log, from: start), overrides: [])
            {
                throw .requirementUnavailable(requirement: requirement, log: log)
            }
            throw stepFailed(spec, status: status, log: log, from: start)
        }
    }
}
