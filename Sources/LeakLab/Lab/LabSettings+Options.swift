import Foundation
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
        runsRoot = try options.string("--runs-dir") ?? runsRoot
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
    }
}

extension LabSettings {
    /// Reads the build `lab run` and `lab install-litellm` take: `--litellm-version` (else `LITELLM_VERSION`),
    /// `--litellm-source` or `--litellm-wheel`, at most one of them; nil when none is given.
    package static func readBuild(_ options: inout CommandOptions) throws(UsageError) -> LiteLLMBuildRequest?
    {
        let source = try options.string("--litellm-source")
        let wheel = try options.string("--litellm-wheel")
        // The variable is a default for the version, not a second choice beside a tree or a wheel.
        let version = try options.string(
            "--litellm-version", env: source == nil && wheel == nil ? "LITELLM_VERSION" : nil)
        let named = [
            version.map(LiteLLMBuildRequest.release), source.map(LiteLLMBuildRequest.source),
            wheel.map(LiteLLMBuildRequest.wheel),
        ].compactMap { $0 }
        guard named.count <= 1 else {
            throw UsageError(
                "--litellm-version, --litellm-source and --litellm-wheel each name the build under test: give"
                    + " one of them")
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
