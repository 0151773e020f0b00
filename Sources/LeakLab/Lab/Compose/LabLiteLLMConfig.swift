import Foundation
import LabCore
import LabProxies
import LabWire

/// `lab litellm-config`: the LiteLLM config the lab gives the proxy for one scenario, its backend at a URL the
/// caller names, printed: what the compose runtime mounts, from the same code as a native run's.
public enum LabLiteLLMConfig {
    /// Reads `--backend-url URL [--scenario S] [--setting K=V ...] [--timeout S]`, prints the config; returns
    /// the exit status.
    public static func run(_ options: inout CommandOptions, output: LineWriter) throws -> Int32 {
        guard let backend = try options.url("--backend-url") else {
            throw UsageError(
                "litellm-config needs --backend-url URL, the fake backend as the proxy reaches it, e.g."
                    + " --backend-url http://backend:5001")
        }
        let scenario = try Scenario.named(try options.string("--scenario") ?? "chat")
        let settings = try options.strings("--setting")
        let clientTimeout = try options.seconds(
            "--timeout", default: LabSettings().load.clientTimeout, in: 0.01...600)
        try options.finish()
        let config = try render(scenario, backend: backend, settings: settings, clientTimeout: clientTimeout)
        output.write(String(config.dropLast()))  // the line writer ends the last line itself
        return 0
    }

    /// The config for `scenario` with its backend at `backend`, `settings` set on it, the model's timeout
    /// following `clientTimeout` where the scenario says so.
    ///
    /// - Throws: ``UsageError`` for a fallback scenario, whose second model needs a second backend.
    static func render(_ scenario: Scenario, backend: HTTPURL, settings: [String], clientTimeout: Duration)
        throws -> String
    {
        guard !scenario.fallback else {
            throw UsageError(
                "scenario \(scenario.name) needs a second backend for its fallback model: choose another scenario"
            )
        }
        return try LiteLLMConfig.lab(
            routes: [ScenarioRoute(scenario, url: backend, clientTimeout: clientTimeout)], settings: settings
        ).yaml
    }
}
