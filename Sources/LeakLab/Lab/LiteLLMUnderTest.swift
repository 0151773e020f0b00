import Foundation
import LabCore
import LabInstalls
import LabProxies
import LabRecords
import LabWire

/// The real LiteLLM proxy of one build under one server: a release from PyPI, a source tree or a wheel,
/// installed into a cached venv, or an image, run as it is.
struct LiteLLMUnderTest: ProxyUnderTest {
    let build: LiteLLMBuild
    /// The run's dependency choices plus what the server needs (hypercorn), so they key the venv.
    let dependencies: LiteLLMDependencies
    let settings: [String]
    /// Variables the user set in LiteLLM's environment (`--proxy-env`), and as the run's log shows them.
    let environment: (variables: [String: String], shown: [String])
    /// A user's own config and the model of it the load asks for (`--litellm-config`, `--model`).
    let userConfig: (path: String, model: String?)?
    let server: ProxyProcess.Server
    let installer: LiteLLMInstaller

    /// LiteLLM `build` with the run's dependency choices and settings, under `server` (the run's by default).
    init(
        build: LiteLLMBuild, settings: LabSettings, server: ProxyProcess.Server? = nil,
        installer: LiteLLMInstaller = LiteLLMInstaller()
    ) {
        self.build = build
        self.server = server ?? settings.proxy.server
        // An image comes with what it has: nothing is added to it.
        dependencies =
            build.kind == .image
            ? settings.proxy.dependencies : Self.dependencies(settings.proxy.dependencies, for: self.server)
        self.settings = settings.proxy.configSettings
        environment = (
            Dictionary(
                settings.proxy.environment.map {
                    (String($0.prefix { $0 != "=" }), String($0.drop { $0 != "=" }.dropFirst()))
                }, uniquingKeysWith: { $1 }),
            settings.proxy.environmentShown
        )
        userConfig = settings.proxy.userConfig.map { ($0, settings.proxy.userModel) }
        self.installer = installer
    }

    /// `chosen` plus the server's extra requirements as overrides (uv installs overrides even when LiteLLM
    /// does not name them), except a package the user pinned already.
    static func dependencies(_ chosen: LiteLLMDependencies, for server: ProxyProcess.Server)
        -> LiteLLMDependencies
    {
        var dependencies = chosen
        let pinned = Set(chosen.overriddenPackages)
        let added = server.extraRequirements.filter { !pinned.contains($0) }
        dependencies.overrides = Set(chosen.overrides + added).sorted()
        return dependencies
    }

    /// Reads a build as named (`latest` asks PyPI; a tree or wheel is read for its digest) and refuses
    /// compromised releases before anything starts.
    static func resolve(
        _ request: LiteLLMBuildRequest, installer: LiteLLMInstaller = LiteLLMInstaller(),
        say: (String) -> Void
    )
        throws -> LiteLLMBuild
    {
        let build = try installer.build(request, log: "/dev/null", progress: say)
        if let refusal = build.release?.refusal { throw LiteLLMInstallError.refused(refusal) }
        return build
    }

    var needsWarmUp: Bool { true }
    var label: String { build.label + server.labelSuffix }
    var litellmBuild: LiteLLMBuild? { build }

    /// What the scenarios measure of this build's routes, read from its installed venv; nil for an image and
    /// for a build that is not installed (one that could not be).
    func routeCensus() throws -> RouteCensus? {
        guard image == nil, try isInstalled else { return nil }
        let venv = try installer.ensure(build: build, dependencies: dependencies, log: "/dev/null") { _ in }
        return RouteCensus(routes: try ProxyRoute.census(venv: venv.root, log: "/dev/null"))
    }

    /// Installed by the lab unless it is an image, which comes with what it has.
    var installAhead: LiteLLMUnderTest? { build.kind == .image ? nil : self }

    /// The run's settings with this proxy's own server, and its dependencies with what that server needs
    /// (hypercorn), so the report names the proxy start that was measured.
    func settingsAsStarted(_ settings: LabSettings) -> LabSettings {
        var started = settings
        (started.proxy.server, started.proxy.dependencies) = (server, dependencies)
        return started
    }

    var versions: [String: String] { ["litellm": build.version] }

    /// The venv, installed on first use and cached; what the installers say goes to `progress` as it comes.
    private func venv(
        folder: RunFolder, say: (String) -> Void, progress: @escaping @Sendable (String) -> Void = { _ in }
    ) throws -> LiteLLMVenv {
        var installer = installer
        installer.installerLines = { [name = build.name] in progress("LiteLLM \(name): \($0)") }
        return try installer.ensure(
            build: build, dependencies: dependencies, log: folder.file("install.log"), progress: say)
    }

    /// What its install is known by before its lock is (what installs ahead claim).
    var installKey: String {
        get throws { try installer.installKey(build: build, dependencies: dependencies) }
    }

    /// Whether its venv is installed and ready.
    var isInstalled: Bool {
        get throws { try installer.isReady(build: build, dependencies: dependencies) }
    }

    /// Installs its venv into the cache, quietly (what the installers said goes to `log`): an install ahead
    /// of its turn.
    func install(log: String) throws {
        _ = try installer.ensure(build: build, dependencies: dependencies, log: log) { _ in }
    }

    /// The image of an image build, and its ID.
    private var image: (image: ContainerImage, id: String)? {
        guard build.kind == .image, let reference = build.image, let id = build.imageDigest else {
            return nil
        }
        return (ContainerImage(reference: reference), id)
    }

    func prepare(
        folder: RunFolder, say: (String) -> Void, progress: @escaping @Sendable (String) -> Void
    ) throws -> Bool {
        if let image {
            guard dependencies.isEmpty else {
                throw UsageError(
                    "--litellm-image \(image.image.reference) is run as it is: --pip, --resolve-as-of and"
                        + " --constraints apply to builds the lab installs")
            }
            try server.checkSupported(byImage: image.image, imageDigest: image.id, version: build.version)
            let freeze = try image.image.freeze(imageDigest: image.id)
            try freeze.write(toFile: folder.file("pip-freeze.txt"), atomically: true, encoding: .utf8)
            say("build: \(build)")
            say(
                LiteLLMDependencies.keyPackagesLine(
                    LiteLLMDependencies.keyPackages(inFreeze: freeze, overriding: []), overriding: []))
            return false
        }
        let cached = try installer.isReady(build: build, dependencies: dependencies)
        let venv = try venv(folder: folder, say: say, progress: progress)
        try server.checkSupported(byVenvAt: venv.root, version: build.version)
        try venv.freeze().write(toFile: folder.file("pip-freeze.txt"), atomically: true, encoding: .utf8)
        try venv.lockText().write(toFile: folder.file("lock.txt"), atomically: true, encoding: .utf8)
        try venv.patchText()?.write(toFile: folder.file("patch.diff"), atomically: true, encoding: .utf8)
        let record = try venv.installRecord()
        try JSONCoding.write(record, to: folder.file("install-record.json"))
        record.summaryLines.forEach(say)
        return !cached
    }

    func start(routes: [ScenarioRig], port: Int, folder: RunFolder, say: (String) -> Void) throws
        -> StartedProxy
    {
        // Newer releases refuse to start without a master key. A fresh one per run, handed over in the
        // environment, so the config saved with the run is exact and holds no secret.
        let masterKey =
            "sk-lab-" + (0..<4).map { _ in String(UInt64.random(in: .min ... .max), radix: 16) }.joined()
        // A user's config brings the measured scenario's models (routes[0]); the lab adds only its warm-up's.
        let labRoutes = userConfig == nil ? routes[...] : routes.dropFirst()
        let config = try LiteLLMConfig.lab(routes: labRoutes.map(\.route), settings: settings)
        let model: String?
        if let userConfig {
            try config.write(toFile: folder.file("lab-config.yaml"))
            model = try rewrite(
                userConfig, python: try python(reading: userConfig.path, folder: folder),
                labConfig: folder.file("lab-config.yaml"), backendRoot: "http://\(routes[0].url.hostHeader)",
                into: folder.file("litellm-config.yaml"), folder: folder, say: { _ in })
        } else {
            try config.write(toFile: folder.file("litellm-config.yaml"))
            model = nil
        }

        // Where LiteLLM ignores a model's api_base it calls the OpenAI SDK's default: the lab's backend (the
        // moderations scenario's when it is measured), so nothing is sent to OpenAI.
        let sdkDefault = (routes.first { $0.scenario.endpoint == .moderations } ?? routes[0]).route
        // A scenario's variables (a provider pass-through's upstream) win over the user's, and the lab's own over
        // both: they keep every request on loopback and the key the load sends.
        let scenarioVariables = routes.reduce(into: [String: String]()) {
            $0.merge($1.route.proxyEnvironment) { $1 }
        }
        let environment = self.environment.variables.merging(scenarioVariables) { $1 }.merging([
            "LITELLM_MASTER_KEY": masterKey, "OPENAI_BASE_URL": sdkDefault.openAIBaseURL,
            "OPENAI_API_KEY": LiteLLMConfig.Model.labAPIKey,
        ]) { $1 }
        if !self.environment.shown.isEmpty {
            say("LiteLLM's environment: \(self.environment.shown.joined(separator: ", "))")
        }
        let under = server == .default ? "" : " under \(server)"
        say("starting LiteLLM \(build.name)\(under) on 127.0.0.1:\(port) (log: proxy.log)")
        let process: ProxyProcess
        if let image {
            process = try ProxyProcess.startLiteLLMContainer(
                image: image.image, imageDigest: image.id,
                configFile: absolute(folder.file("litellm-config.yaml")),
                port: port, log: folder.file("proxy.log"), server: server, extraEnvironment: environment)
        } else {
            process = try ProxyProcess.startLiteLLM(
                executable: try venv(folder: folder, say: { _ in }).litellmExecutable,
                configFile: folder.file("litellm-config.yaml"), port: port, log: folder.file("proxy.log"),
                server: server, extraEnvironment: environment)
        }
        return try StartedProxy(
            process: process, apiKey: masterKey, healthPath: "/health/liveliness", model: model)
    }

    /// Reads the user's config with the proxy's own Python (installing its venv first when needed) and checks
    /// its models and `--model`, before the backends start: what the run would refuse later costs nothing now.
    func checkInputs(folder: RunFolder, say: (String) -> Void) throws {
        guard let userConfig else { return }
        let labConfig = folder.file("config-check-lab.yaml")
        try LiteLLMConfig.lab(routes: [], settings: settings).write(toFile: labConfig)
        defer { try? FileManager.default.removeItem(atPath: labConfig) }
        let checked = folder.file("config-check.yaml")
        defer { try? FileManager.default.removeItem(atPath: checked) }
        _ = try rewrite(
            userConfig, python: try python(reading: userConfig.path, folder: folder), labConfig: labConfig,
            backendRoot: "http://127.0.0.1:9", into: checked, folder: folder, say: say)
    }

    /// Writes the user's config with every model routed to the backend at `backendRoot` into `output`; returns
    /// the model the load asks for.
    private func rewrite(
        _ user: (path: String, model: String?), python: [String], labConfig: String, backendRoot: String,
        into output: String, folder: RunFolder, say: (String) -> Void
    ) throws -> String {
        let rewritten = try UserLiteLLMConfig(path: user.path).rewrite(
            with: python, labConfig: labConfig, into: output, backends: .init(root: backendRoot),
            log: folder.file("config-rewrite.log"))
        let models = rewritten.models
        for dropped in rewritten.dropped {
            say("your config's \(dropped.key) is left out: \(dropped.reason)")
        }
        say(
            "your config \(user.path): \(models.count) model\(models.count == 1 ? "" : "s"), each routed to the fake backend ("
                + models.map { "\($0.name): \($0.provider)" }.joined(separator: ", ")
                + "); secrets masked in litellm-config.yaml")
        guard let chosen = user.model ?? models.first?.name else {
            throw UserLiteLLMConfigError.refused(path: user.path, reason: "it has no model")
        }
        guard models.contains(where: { $0.name == chosen }) else {
            throw UsageError(
                "--model \(chosen) is not in \(user.path): choose one of \(models.map(\.name).joined(separator: ", "))"
            )
        }
        say("the load asks for your model \(chosen)")
        return chosen
    }

    /// The proxy's own Python, able to read the user's config at `path` and write into the run's `folder`.
    private func python(reading path: String, folder: RunFolder) throws -> [String] {
        guard let image else { return [try venv(folder: folder, say: { _ in }).python] }
        let configFolder = (absolute(path) as NSString).deletingLastPathComponent
        return image.image.pythonCommand(
            imageDigest: image.id, paths: [configFolder], writable: [absolute(folder.path)])
    }

    /// `path` from the lab's working directory: what a container needs to mount it.
    private func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }
}
