import Foundation
import LabCore

/// `lab compose-plan --out DIR [run options]`: what compose's services run for the options `lab run` takes,
/// written into the run's folder (the `plan` service runs it first). The options in the environment variable
/// `LAB_ARGS` follow the command line's, read as a shell splits words but with nothing expanded: compose
/// hands `LAB_ARGS` over as it is, and no shell evaluates it.
public enum LabComposePlan {
    /// Reads `--out DIR` and `lab run`'s options, writes the plan; returns the exit status.
    public static func run(_ options: inout CommandOptions, output: LineWriter) throws -> Int32 {
        guard let folder = try options.string("--out") else {
            throw UsageError("compose-plan needs --out DIR, the run's folder (compose mounts it at /lab)")
        }
        try options.appendWords(ofEnvironment: "LAB_ARGS")
        let arguments = options.words
        var settings = LabSettings()
        try settings.read(&options, for: .run)
        try options.finish()
        let plan = try ComposePlan(settings: settings, arguments: arguments)
        try plan.write(into: folder)
        output.write(
            "[lab] compose plan: scenario \(settings.load.scenario.name), LiteLLM \(settings.proxy.build)"
                + settings.proxy.configSettings.map { ", \($0)" }.joined()
                + "; services' options and litellm-config.yaml in \(folder)")
        return 0
    }
}
