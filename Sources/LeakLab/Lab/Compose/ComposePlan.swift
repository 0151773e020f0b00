import Foundation
import LabBackend
import LabCore
import LabLoad
import LabVerdict
import LabWire

/// What every service of `compose.yaml` runs for one `lab run`'s options: the compose runtime's rig, built by
/// the code a native run uses (`Scenario`, `LabSettings`, the LiteLLM config renderer), so both runtimes
/// measure the same thing.
struct ComposePlan {
    /// Where every service mounts the run's folder.
    static let mount = "/lab"
    /// The backend and the proxy as the services reach them on compose's network.
    static let backendURL = HTTPURL(host: "backend", port: 5001)
    static let proxyURL = HTTPURL(host: "litellm", port: 4000)
    /// The plan's record in the run's folder: what compose-lab.sh builds and `lab compose-report` reads.
    static let recordFile = "compose-plan.json"
    /// Files a previous run left in a reused folder, the handshake among them: removed before a run.
    static let previousRunFiles = [
        "direct-ready", "proxy-ready", "direct-load.json", "proxy-load.json", "direct-verdict.json",
        "verdict.json", "events.jsonl", "report.json", "junit.xml", "pip-freeze.txt",
    ]

    /// The options as `lab run` read them.
    let settings: LabSettings
    /// The `lab run` words they were read from, kept so that the report reads them again.
    let arguments: [String]

    /// The plan for `settings`, read from `arguments`.
    ///
    /// - Throws: ``UsageError`` for an option the compose runtime cannot honour, saying what to do instead.
    init(settings: LabSettings, arguments: [String]) throws(UsageError) {
        self.settings = settings
        self.arguments = arguments
        let refusals = LabOption.table.filter { $0.commands.contains(.run) }.compactMap {
            $0.composeRefusal(settings)
        }
        if let reason = refusals.first {
            throw UsageError("the compose runtime cannot take \(reason) (LAB_RUNTIME=native can)")
        }
    }

    private var scenario: Scenario { settings.load.scenario }

    /// Each service's options, by the name of its argument file.
    var serviceArguments: KeyValuePairs<String, [String]> {
        let backend = FakeBackend.Configuration(
            host: "0.0.0.0", port: Self.backendURL.port, hold: settings.load.hold,
            behaviour: scenario.backend,
            slots: settings.load.slots)
        let direct = settings.collectorSettings(backend: Self.backendURL, label: "direct", expectation: nil)
        let proxy = settings.collectorSettings(
            backend: Self.backendURL, label: ProxyChoice.litellm.rawValue,
            expectation: settings.judging.expectation)
        return [
            "backend": backend.arguments,
            "collector-direct": direct.arguments
                + collectorFiles(prefix: "direct", verdict: "direct-verdict.json"),
            "load-direct": scenario.directPlan(backend: Self.backendURL, settings: settings).arguments
                + loadFiles(prefix: "direct"),
            // The key reaches the load client by its environment (API_KEY), never through a file.
            "load": scenario.proxyPlan(
                proxy: Self.proxyURL, apiKey: nil, backend: Self.backendURL, settings: settings
            ).arguments
                + loadFiles(prefix: "proxy"),
            "collector": proxy.arguments + collectorFiles(prefix: "proxy", verdict: "verdict.json"),
        ]
    }

    private func path(_ name: String) -> String { "\(Self.mount)/\(name)" }

    /// The handshake: the collector takes its baseline, says ready, the load fires, writes its summary.
    private func collectorFiles(prefix: String, verdict: String) -> [String] {
        [
            "--load-summary", path("\(prefix)-load.json"), "--ready-file", path("\(prefix)-ready"),
            "--verdict",
            path(verdict), "--events", path("events.jsonl"),
        ]
    }

    private func loadFiles(prefix: String) -> [String] {
        ["--summary", path("\(prefix)-load.json"), "--wait-for-file", path("\(prefix)-ready")]
    }

    /// Clears what a previous run left in `folder`, then writes the LiteLLM config, one argument file per
    /// service (`backend.args`, ...) and the plan's record.
    func write(into folder: String) throws {
        for name in Self.previousRunFiles { try? FileManager.default.removeItem(atPath: "\(folder)/\(name)") }
        let config = try LabLiteLLMConfig.render(
            scenario, backend: Self.backendURL, settings: settings.proxy.configSettings,
            clientTimeout: settings.load.clientTimeout)
        try config.write(toFile: "\(folder)/litellm-config.yaml", atomically: true, encoding: .utf8)
        for (service, words) in serviceArguments {
            try (words.joined(separator: "\n") + "\n").write(
                toFile: "\(folder)/\(service).args", atomically: true, encoding: .utf8)
        }
        try JSONCoding.write(record, to: "\(folder)/\(Self.recordFile)")
    }

    /// What compose-lab.sh and `lab compose-report` read back.
    var record: ComposePlanRecord {
        var litellm = ComposePlanRecord.LiteLLM()
        switch settings.proxy.build {
        case .image(let reference): litellm.image = reference
        case .release(let version), .patched(let version, _), .source(let version), .wheel(let version):
            litellm.version = version
        }
        litellm.overrides = settings.proxy.dependencies.overrides
        litellm.resolveAsOf = settings.proxy.dependencies.resolveAsOf
        return ComposePlanRecord(arguments: arguments, scenario: scenario.name, litellm: litellm)
    }
}

/// `compose-plan.json`: the options a compose run was planned with, and the LiteLLM build they ask for.
struct ComposePlanRecord: Codable, Equatable {
    /// The LiteLLM build: an image to run as it is, or a release to build an image of (with overrides and a
    /// resolution day).
    struct LiteLLM: Codable, Equatable {
        var image: String?
        var version: String?
        var overrides: [String] = []
        var resolveAsOf: String?

        enum CodingKeys: String, CodingKey {
            case image, version, overrides
            case resolveAsOf = "resolve_as_of"
        }
    }

    /// The `lab run` words the plan was read from.
    var arguments: [String]
    /// The scenario, for people reading the folder.
    var scenario: String
    var litellm: LiteLLM
}
