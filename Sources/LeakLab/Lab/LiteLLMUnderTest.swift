import Foundation
import LabCore
import LabRunner
import LabWire

/// The real LiteLLM proxy of one build (a release from PyPI, a source tree or a wheel), installed into a
/// cached venv.
struct LiteLLMUnderTest: ProxyUnderTest {
    let build: LiteLLMBuild
    let dependencies: LiteLLMDependencies
    let settings: [String]
    let installer: LiteLLMInstaller

    /// LiteLLM `build` with the run's dependency choices and settings.
    init(build: LiteLLMBuild, settings: LabSettings, installer: LiteLLMInstaller = LiteLLMInstaller()) {
        self.build = build
        dependencies = settings.dependencies
        self.settings = settings.configSettings
        self.installer = installer
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
    var label: String { build.label }
    var litellmBuild: LiteLLMBuild? { build }
    var versions: [String: String] { ["litellm": build.version] }

    /// The venv, installed on first use and cached.
    private func venv(folder: RunFolder, say: (String) -> Void) throws -> LiteLLMVenv {
        try installer.ensure(
            build: build, dependencies: dependencies, log: folder.file("install.log"), progress: say)
    }

    func prepare(folder: RunFolder, say: (String) -> Void) throws -> Bool {
        let cached = try installer.isReady(build: build, dependencies: dependencies)
        let venv = try venv(folder: folder, say: say)
        try venv.freeze().write(toFile: folder.file("pip-freeze.txt"), atomically: true, encoding: .utf8)
        let record = try venv.installRecord()
        try JSONCoding.write(record, to: folder.file("install-record.json"))
        record.summaryLines.forEach(say)
        return !cached
    }

    func start(routes: [ScenarioRig], port: Int, folder: RunFolder, say: (String) -> Void) throws
        -> StartedProxy
    {
        let venv = try venv(folder: folder, say: { _ in })

        // Newer releases refuse to start without a master key. A fresh one per run, handed over in the
        // environment, so the config saved with the run is exact and holds no secret.
        let masterKey =
            "sk-lab-" + (0..<4).map { _ in String(UInt64.random(in: .min ... .max), radix: 16) }.joined()
        var config = LiteLLMConfig(
            models: routes.flatMap(\.litellmModels), masterKey: "os.environ/LITELLM_MASTER_KEY")
        config.fallbacks = routes.flatMap(\.litellmFallbacks)
        // The scenarios' own settings first (every route of one start shares them), the user's last: theirs win.
        for setting in Set(routes.flatMap(\.scenario.proxySettings)).sorted() + settings {
            try config.apply(setting: setting)
        }
        try config.write(toFile: folder.file("litellm-config.yaml"))

        say("starting LiteLLM \(build.name) on 127.0.0.1:\(port) (log: proxy.log)")
        let process = try ProxyProcess.startLiteLLM(
            executable: venv.litellmExecutable, configFile: folder.file("litellm-config.yaml"), port: port,
            log: folder.file("proxy.log"), extraEnvironment: ["LITELLM_MASTER_KEY": masterKey])
        return try StartedProxy(process: process, apiKey: masterKey, healthPath: "/health/liveliness")
    }
}
