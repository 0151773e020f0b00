import Foundation
import LabBackend
import LabInstalls
import LabProxies
import LabRecords
import LabVerdict

extension LabSettings {
    /// Reads the options every lab command shares (proxy, load, thresholds, ports, folders).
    public mutating func readShared(_ options: inout CommandOptions) throws(UsageError) {
        proxy = try options.choice("--proxy", as: ProxyChoice.self) ?? proxy
        configSettings = try options.strings("--setting")
        // Refused before anything starts: a setting LiteLLM's config cannot take is a typo, not a finding.
        var check = LiteLLMConfig(backendURL: "http://127.0.0.1:1")
        for setting in configSettings {
            do {
                try check.apply(setting: setting)
            } catch {
                throw UsageError("--setting \(setting): \(error)")
            }
        }
        dependencies = try LiteLLMDependencies.read(&options)
        server = try Self.server(
            try options.choice("--server", as: ProxyProcess.Server.Kind.self) ?? server.kind,
            workers: try options.integer("--workers", default: server.workers, in: 1...64))
        expectation = try options.choice("--expect", env: "LAB_EXPECT", as: VerdictExpectation.self)
        requests = try options.integer("--requests", default: requests, in: 1...100_000)
        clientTimeout = try options.seconds("--timeout", default: clientTimeout, in: 0.01...600)
        try rules.read(&options)
        backendPort = try options.integer("--backend-port", default: backendPort, in: 0...65_535)
        proxyPort = try options.integer("--proxy-port", default: proxyPort, in: 0...65_535)
        slots = try SlotQueue.Limits.read(&options, environment: false)
        let patience = try options.seconds("--probe-patience", default: probePatience, in: 0.1...3600)
        if patience != probePatience && slots == nil {
            throw UsageError("--probe-patience needs --slots N: the slot probe only runs against slots")
        }
        probePatience = patience
        runsRoot = try options.string("--runs-dir") ?? runsRoot
    }

    /// Reads what `lab matrix`, `lab bisect` and `lab compare` add to the shared options: `--prefetch N`
    /// and `--versions-at-once N` (several at once take proxy ports the lab chooses).
    mutating func readSearch(_ options: inout CommandOptions) throws(UsageError) {
        try readShared(&options)
        installsAhead = try options.integer("--prefetch", default: installsAhead, in: 0...16)
        versionsAtOnce = try options.integer("--versions-at-once", default: versionsAtOnce, in: 1...16)
        if versionsAtOnce > 1 { proxyPort = 0 }
    }

    /// `kind` with `workers`, or the usage error saying why LiteLLM cannot run that.
    static func server(_ kind: ProxyProcess.Server.Kind, workers: Int) throws(UsageError)
        -> ProxyProcess.Server
    {
        do {
            return try ProxyProcess.Server(kind, workers: workers)
        } catch {
            throw UsageError(error.description)
        }
    }

    /// Reads `lab matrix`'s `--servers`: `uvicorn,gunicorn:2,hypercorn`, each server with its own workers or
    /// with `--workers`; without it, the one server `--server` chose.
    ///
    /// - Throws: ``UsageError`` naming the wrong item and what is expected.
    func readServers(_ options: inout CommandOptions) throws(UsageError) -> [ProxyProcess.Server] {
        guard let list = try options.string("--servers") else { return [server] }
        var servers: [ProxyProcess.Server] = []
        for item in list.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false)
            let workers = parts.count == 2 ? Int(parts[1]) : server.workers
            guard parts.count <= 2, let kind = ProxyProcess.Server.Kind(rawValue: String(parts[0])),
                let workers, (1...64).contains(workers)
            else {
                let kinds = ProxyProcess.Server.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                throw UsageError(
                    "--servers takes SERVER or SERVER:WORKERS items, comma-separated (servers: \(kinds); "
                        + "workers 1-64), such as uvicorn,gunicorn:2,hypercorn; not '\(item)'")
            }
            let chosen = try Self.server(kind, workers: workers)
            if !servers.contains(chosen) { servers.append(chosen) }
        }
        return servers
    }

    /// Reads what only `lab run` takes: one version, one scenario, an external proxy, repeats.
    public mutating func readRun(_ options: inout CommandOptions) throws(UsageError) {
        try readShared(&options)
        litellmBuild = try Self.readBuild(&options) ?? litellmBuild
        scenario =
            try options.string("--scenario").map { name throws(UsageError) in try Scenario.named(name) }
            ?? scenario
        externalTarget = try options.url("--target")
        externalBackend = try options.url("--backend-url")
        apiKey = try options.headerValue("--api-key")
        repeats = try options.integer("--repeat", default: repeats, in: 1...1000)
        userConfig = try options.string("--litellm-config")
        userModel = try options.string("--model")
        try checkUserConfig()
        if server != .default && (proxy != .litellm || externalTarget != nil) {
            throw UsageError(
                "--server and --workers choose how the lab starts LiteLLM: they do not apply to --proxy "
                    + "\(proxy.rawValue) or --target (start your proxy under the server you want)")
        }
    }

    /// A user's config replaces the lab's routing, so it goes with LiteLLM and a scenario whose model the
    /// router does not shape (the router scenarios set their own model's timeout and fallbacks).
    private func checkUserConfig() throws(UsageError) {
        guard let userConfig else {
            if userModel != nil {
                throw UsageError("--model names a model of --litellm-config: give that too")
            }
            return
        }
        guard proxy == .litellm, externalTarget == nil else {
            throw UsageError("--litellm-config configures LiteLLM: leave out --proxy and --target")
        }
        guard FileManager.default.isReadableFile(atPath: userConfig) else {
            throw UsageError(
                "--litellm-config \(userConfig): no readable file there: give the path of your config.yaml")
        }
        guard !scenario.needsLabLiteLLMConfig else {
            throw UsageError(
                "scenario \(scenario.name) sets its own model's router settings or pass-through route; with "
                    + "--litellm-config yours decide: choose a scenario without them (`lab scenarios`)")
        }
    }
}

extension LabSettings {
    /// Reads the build `lab run` and `lab install-litellm` take: `--litellm-version` (else `LITELLM_VERSION`),
    /// `--litellm-source`, `--litellm-wheel` or `--litellm-image`, at most one of them; nil when none is given.
    package static func readBuild(_ options: inout CommandOptions) throws(UsageError) -> LiteLLMBuildRequest?
    {
        let source = try options.string("--litellm-source")
        let wheel = try options.string("--litellm-wheel")
        let image = try options.string("--litellm-image")
        // The variable is a default for the version, not a second choice beside a tree, a wheel or an image.
        let version = try options.string(
            "--litellm-version", env: source == nil && wheel == nil && image == nil ? "LITELLM_VERSION" : nil)
        let named = [
            version.map(LiteLLMBuildRequest.release), source.map(LiteLLMBuildRequest.source),
            wheel.map(LiteLLMBuildRequest.wheel), image.map(LiteLLMBuildRequest.image),
        ].compactMap { $0 }
        guard named.count <= 1 else {
            throw UsageError(
                "--litellm-version, --litellm-source, --litellm-wheel and --litellm-image each name the build under"
                    + " test: give one of them")
        }
        return named.first
    }
}

extension Scenario {
    /// The catalogue as `lab scenarios` prints it: one line each.
    public static var listing: String {
        let width = catalogue.map(\.name.count).max() ?? 0
        return catalogue.map {
            $0.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.summary
        }
        .joined(separator: "\n")
    }
}
