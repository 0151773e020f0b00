import Foundation
import LabCore

/// `lab compose-plan --out DIR [run options]`: what compose's services run for the options `lab run` takes,
/// written into the run's folder (the `plan` service runs it first, with `LAB_ARGS`).
public enum LabComposePlan {
    /// Reads `--out DIR` and `lab run`'s options, writes the plan; returns the exit status.
    public static func run(_ options: inout CommandOptions, output: LineWriter) throws -> Int32 {
        guard let folder = try options.string("--out") else {
            throw UsageError("compose-plan needs --out DIR, the run's folder (compose mounts it at /lab)")
        }
        let arguments = options.words
        var settings = LabSettings()
        try settings.readRun(&options)
        try options.finish()
        let plan = try ComposePlan(settings: settings, arguments: arguments)
        try plan.write(into: folder)
        output.write(
            "[lab] compose plan: scenario \(settings.scenario.name), LiteLLM \(settings.litellmBuild)"
                + settings.configSettings.map { ", \($0)" }.joined()
                + "; services' options and litellm-config.yaml in \(folder)")
        return 0
    }
}
