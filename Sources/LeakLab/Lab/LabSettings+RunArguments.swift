import Foundation
import LabCore
import LabRunner

extension LabSettings {
    /// The `lab` arguments that measure `scenario` on `build` under `server` with these settings again: the
    /// command each report cell shows, and what each job of a planned matrix runs (`lab matrix --plan`).
    ///
    /// Options at their defaults are left out, and so are ports and the runs folder: each run chooses its own.
    func runArguments(build: LiteLLMBuild, scenario: Scenario, server: ProxyProcess.Server) -> [String] {
        let defaults = LabSettings()
        var words = ["run"] + build.commandLineWords + ["--scenario", scenario.name]
        if server != .default {
            words += ["--server", server.kind.rawValue, "--workers", String(server.workers)]
        }
        if let userConfig {
            words += ["--litellm-config", userConfig] + (userModel.map { ["--model", $0] } ?? [])
        }
        words += configSettings.flatMap { ["--setting", $0] }
        words += dependencies.overrides.flatMap { ["--pip", $0] }
        words += dependencies.resolveAsOf.map { ["--resolve-as-of", $0] } ?? []
        words += dependencies.constraintsFile.map { ["--constraints", $0] } ?? []
        if requests != defaults.requests { words += ["--requests", String(requests)] }
        let durations: [(String, Duration, Duration)] = [
            ("--timeout", clientTimeout, defaults.clientTimeout),
            ("--grace", rules.grace, defaults.rules.grace),
            ("--settle", rules.settle, defaults.rules.settle),
            ("--observe", rules.observe, defaults.rules.observe),
        ]
        for (option, value, standard) in durations where value != standard {
            words += [option, Self.seconds(value)]
        }
        if let slots {
            words +=
                ["--slots", String(slots.slots)]
                + (slots.queueLimit.map { ["--queue-limit", String($0)] } ?? [])
            if probePatience != defaults.probePatience {
                words += ["--probe-patience", Self.seconds(probePatience)]
            }
        }
        if repeats != defaults.repeats { words += ["--repeat", String(repeats)] }
        words += expectation.map { ["--expect", $0.rawValue] } ?? []
        return words
    }

    /// `1.5` for 1.5 s, as the options read it back.
    private static func seconds(_ duration: Duration) -> String { String(format: "%g", duration.seconds) }
}
