import Foundation
import LabBackend
import LabRunner
import LabVerdict

extension LabSettings {
    /// Reads the options every lab command shares (proxy, load, thresholds, ports, folders).
    public mutating func readShared(_ options: inout CommandOptions) throws(UsageError) {
        proxy = try options.choice("--proxy", as: ProxyChoice.self) ?? proxy
        configSettings = try options.strings("--setting")
        dependencies = try LiteLLMDependencies.read(&options)
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

    /// Reads what only `lab run` takes: one version, one scenario, an external proxy, repeats.
    public mutating func readRun(_ options: inout CommandOptions) throws(UsageError) {
        try readShared(&options)
        litellmVersion = try options.string("--litellm-version", env: "LITELLM_VERSION") ?? litellmVersion
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
        guard !scenario.needsRouter else {
            throw UsageError(
                "scenario \(scenario.name) sets its own model's router settings; with --litellm-config yours decide: "
                    + "choose a scenario without them (`lab scenarios`)")
        }
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
