import Foundation
import LabCore
import LabProxies
import LabRecords

extension LabSettings {
    /// The `lab` arguments that measure `scenario` on `build` under `server` with these settings again: the
    /// command each report cell shows, and what each job of a planned matrix runs (`lab matrix --plan`).
    ///
    /// Options at their defaults are left out, and so are ports and the runs folder: each run chooses its own.
    func runArguments(build: LiteLLMBuild, scenario: Scenario, server: ProxyProcess.Server) -> [String] {
        let defaults = LabSettings()
        var words = OptionWords()
        words.append(["run"] + build.commandLineWords)
        words.add("--scenario", scenario.name)
        if server != .default {
            words.add("--server", server.kind.rawValue)
            words.add("--workers", String(server.workers))
        }
        words.add("--litellm-config", userConfig)
        words.add("--model", userModel)
        configSettings.forEach { words.add("--setting", $0) }
        dependencies.overrides.forEach { words.add("--pip", $0) }
        words.add("--resolve-as-of", dependencies.resolveAsOf)
        words.add("--constraints", dependencies.constraintsFile)
        words.add("--lock", dependencies.lockFile)
        words.add("--requests", requests, unless: defaults.requests)
        words.add("--timeout", clientTimeout, unless: defaults.clientTimeout)
        words.append(rules.arguments)
        if let slots {
            words.add("--slots", String(slots.slots))
            words.add("--queue-limit", slots.queueLimit.map(String.init))
            words.add("--probe-patience", probePatience, unless: defaults.probePatience)
        }
        words.add("--repeat", repeats, unless: defaults.repeats)
        words.add("--expect", expectation?.rawValue)
        return words.words
    }
}
