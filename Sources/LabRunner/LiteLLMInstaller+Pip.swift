extension LiteLLMInstaller {
    /// How install commands are made for one venv: uv's `pip install`, or the venv's own pip.
    struct VenvInstall {
        /// The install command for these arguments (requirements and options).
        let command: ([String]) -> ChildProcess.Spec
        /// Options every install into this venv takes (overrides, constraints, date).
        let options: [String]
        /// Requirements every resolution includes: the overrides, with uv (they are also its
        /// `--override`s, so they win, and are installed even when LiteLLM does not name them).
        let alongside: [String]

        /// uv's `pip install` into the venv at `root`.
        static func uv(_ uv: UvTool, root: String, dependencies: LiteLLMDependencies) -> VenvInstall {
            VenvInstall(
                command: {
                    .init(
                        uv.executable, ["pip", "install", "--python", root + "/bin/python"] + $0,
                        environment: uv.environment)
                },
                options: LiteLLMInstaller.uvOptions(dependencies, root: root),
                alongside: dependencies.overrides)
        }

        /// The venv's own pip; overrides are not part of its resolution (pip cannot override).
        static func pip(root: String, dependencies: LiteLLMDependencies) -> VenvInstall {
            VenvInstall(
                command: { .init(root + "/bin/pip", ["install", "--disable-pip-version-check", "-q"] + $0) },
                options: dependencies.constraintsFile == nil ? [] : ["-c", root + "/" + constraintsFile],
                alongside: [])
        }
    }

    /// Installs LiteLLM `build` with its proxy extra (`litellm[proxy]==V`, or `litellm[proxy] @ file://...` for
    /// a source tree or wheel) as it resolves by itself (plus what `install` adds), or, when the proxy extra
    /// names packages the index does not serve (from 1.108.14 on), the build without it plus the extra's
    /// installable requirements.
    func installLiteLLM(
        _ build: LiteLLMBuild, with install: VenvInstall, overrides: [String], into root: String,
        log: String, progress: (String) -> Void
    ) throws(LiteLLMInstallError) {
        let withExtra = install.command(
            install.options + [build.requirement(withProxyExtra: true)] + install.alongside)
        let (status, start) = try runLogged(withExtra, log: log)
        if status.isSuccess { return }
        switch Self.unavailable(in: LogFile.text(log, from: start), overrides: overrides) {
        case .companions: break
        case .litellm where build.kind == .release: throw .notOnPyPI(version: build.version, log: log)
        case .requirement(let requirement): throw .requirementUnavailable(requirement: requirement, log: log)
        case .litellm, nil: throw stepFailed(withExtra, status: status, log: log, from: start)
        }

        let plain = build.requirement(withProxyExtra: false)
        progress(
            "\(build.requirement(withProxyExtra: true)) names packages PyPI does not serve here:"
                + " installing \(plain) plus the proxy extra's own requirements")
        try runDiagnosed(
            install.command(install.options + ["--no-deps", plain]), overrides: overrides, log: log)
        let requiresDist = try requiresDist(python: root + "/bin/python", log: log)
        let requirements = ProxyRequirements.installable(fromRequiresDist: requiresDist)
        LogFile.append("# proxy requirements: \(requirements.joined(separator: " | "))", to: log)
        try runDiagnosed(
            install.command(install.options + [plain] + requirements + install.alongside),
            overrides: overrides, log: log)
    }

    /// Runs an install step; a failure naming a missing requirement throws that requirement's error.
    func runDiagnosed(_ spec: ChildProcess.Spec, overrides: [String], log: String) throws(LiteLLMInstallError)
    {
        let (status, start) = try runLogged(spec, log: log)
        guard !status.isSuccess else { return }
        switch Self.unavailable(in: LogFile.text(log, from: start), overrides: overrides) {
        case .requirement(let requirement): throw .requirementUnavailable(requirement: requirement, log: log)
        case .litellm, .companions, nil: throw stepFailed(spec, status: status, log: log, from: start)
        }
    }

    /// The `Requires-Dist` entries of the installed `litellm` wheel.
    private func requiresDist(python: String, log: String) throws(LiteLLMInstallError) -> [String] {
        let script = "import importlib.metadata as m; print('\\n'.join(m.requires('litellm') or []))"
        let output = try Self.captureOutput(.init(python, ["-c", script], log: .file(log)))
        return output.split(separator: "\n").map(String.init)
    }
}
