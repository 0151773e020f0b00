import Foundation
import LabProcesses
import LabRecords

extension LiteLLMInstaller {
    /// uv, ready to run, with the machine's pip configuration translated into its environment.
    struct UvTool {
        /// The `uv` binary.
        let executable: String
        /// The environment every uv command runs with.
        let environment: [String: String]
        /// `uv 0.13.9`, for the install record.
        let version: String
        /// The Python of uv's own venv (with pip), for the few things uv does not answer.
        let python: String
    }

    /// The uv the lab installs: one version, so what resolves a lock does not depend on the day uv was
    /// installed.
    static let uvRequirement = "uv==0.13.9"

    /// Installs uv into the cache now, for installs to come; what fails is left for them to report.
    package func prepareUvAhead(progress: (String) -> Void) {
        _ = try? prepareUv(log: "/dev/null", progress: progress)
    }

    /// Installs uv into `<cacheRoot>/tools/uv` once (from the index the machine's pip uses), and reads
    /// that pip's configuration so uv asks the same index.
    ///
    /// - Throws: ``LiteLLMInstallError/uvUnavailable(reason:neededFor:)`` (with an empty `neededFor`)
    ///   when pip cannot install uv, so the caller may fall back to pip; other errors as usual.
    func prepareUv(log: String, progress: (String) -> Void) throws(LiteLLMInstallError) -> UvTool {
        let tools = cacheRoot + "/tools/" + Self.uvRequirement.replacingOccurrences(of: "==", with: "-")
        try prepareVenv(
            at: tools, log: log, progress: progress,
            announcement: "installing uv into \(tools) (first run only)"
        ) { () throws(LiteLLMInstallError) in
            try createVenvWithPip(at: tools, log: log)
            let install = ChildProcess.Spec(
                tools + "/bin/pip", ["install", "--disable-pip-version-check", "-q", Self.uvRequirement])
            let (status, start) = try runLogged(install, log: log)
            guard status.isSuccess else {
                let tail = LogFile.tail(log, lines: 3, from: start).trimmingCharacters(
                    in: .whitespacesAndNewlines)
                throw .uvUnavailable(
                    reason: "pip install \(Self.uvRequirement) failed with \(status): \(tail)", neededFor: "")
            }
        }
        let pipConfig = try Self.captureOutput(
            .init(tools + "/bin/pip", ["config", "list", "--disable-pip-version-check"], log: .file(log)))
        var environment = PipConfiguration(pipConfigList: pipConfig).uvEnvironment(
            over: ProcessInfo.processInfo.environment)
        // A venv is made from the machine's Python, never from one uv would download.
        environment["UV_PYTHON_DOWNLOADS"] = "never"
        let executable = tools + "/bin/uv"
        let version = try Self.captureOutput(
            .init(executable, ["--version"], environment: environment, log: .file(log)))
        return UvTool(
            executable: executable, environment: environment,
            version: Self.nameAndVersion(version), python: tools + "/bin/python")
    }

    /// `uv venv --python <python> root`: a venv without pip, in a fraction of a second.
    func createVenv(at root: String, with uv: UvTool, log: String) throws(LiteLLMInstallError) {
        try runStep(
            .init(uv.executable, ["venv", "--python", python, root], environment: uv.environment), log: log)
    }

    /// The uv options that apply `dependencies` whose files were written into the folder `root`.
    static func uvOptions(_ dependencies: LiteLLMDependencies, root: String) -> [String] {
        (dependencies.overrides.isEmpty ? [] : ["--override", root + "/" + overridesFile])
            + (dependencies.constraintsFile == nil ? [] : ["-c", root + "/" + constraintsFile])
    }
}
