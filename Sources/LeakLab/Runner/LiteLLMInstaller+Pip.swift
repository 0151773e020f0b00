extension LiteLLMInstaller {
    /// Installs `litellm[proxy]==V` plus pins into a fresh venv, or, when pip cannot find what the
    /// proxy extra names (from 1.108.14 on), `litellm==V` plus the extra's installable requirements.
    func installLiteLLM(
        _ version: LiteLLMVersion, pins: [String], into root: String, log: String, progress: (String) -> Void
    ) throws(LiteLLMInstallError) {
        let pip = root + "/bin/pip"
        let install = ["install", "--disable-pip-version-check", "-q"]
        let withExtra = ChildProcess.Spec(pip, install + ["litellm[proxy]==\(version)"] + pins)
        let (status, start) = try runLogged(withExtra, log: log)
        if status.isSuccess { return }
        guard Self.saysNoSuchDistribution(LogFile.text(log, from: start)) else {
            throw stepFailed(withExtra, status: status, log: log, from: start)
        }

        progress(
            "litellm[proxy]==\(version) names packages PyPI does not serve here:"
                + " installing litellm \(version) plus the proxy extra's own requirements")
        let bare = ChildProcess.Spec(pip, install + ["--no-deps", "litellm==\(version)"])
        let (bareStatus, bareStart) = try runLogged(bare, log: log)
        guard bareStatus.isSuccess else {
            if Self.saysNoSuchDistribution(LogFile.text(log, from: bareStart)) {
                throw .notOnPyPI(version: "\(version)", log: log)
            }
            throw stepFailed(bare, status: bareStatus, log: log, from: bareStart)
        }
        let requiresDist = try requiresDist(python: root + "/bin/python", log: log)
        let requirements = ProxyRequirements.installable(fromRequiresDist: requiresDist)
        LogFile.append("# proxy requirements: \(requirements.joined(separator: " | "))", to: log)
        try runStep(.init(pip, install + ["litellm==\(version)"] + requirements + pins), log: log)
    }

    /// Whether pip's output says a package or version is not there (rather than, say, a build error).
    static func saysNoSuchDistribution(_ output: String) -> Bool {
        output.contains("No matching distribution found") || output.contains("Could not find a version")
    }

    /// The `Requires-Dist` entries of the installed `litellm` wheel.
    private func requiresDist(python: String, log: String) throws(LiteLLMInstallError) -> [String] {
        let script = "import importlib.metadata as m; print('\\n'.join(m.requires('litellm') or []))"
        let output = try Self.captureOutput(.init(python, ["-c", script], log: .file(log)))
        return output.split(separator: "\n").map(String.init)
    }
}
