import LabProcesses
import LabRecords

extension LiteLLMInstaller {
    /// Installs exactly `lock` (copied into the venv at `root` as ``lockFile``) with no dependency resolution:
    /// uv's `pip install --no-deps -r`, or the venv's own pip when uv is not there (which checks the hashes
    /// and compiles bytecode itself). Bytecode is compiled at install: a proxy started where Python may not
    /// write it (`PYTHONDONTWRITEBYTECODE`, a read-only image) would otherwise compile every module on every
    /// start (LiteLLM 1.110.2's import: 12.8 s from source, 7.6 s compiled, on 2 cores).
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
                        "pip", "install", "--python", root + "/bin/python", "--no-deps", "--compile-bytecode",
                        "-r", file,
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
