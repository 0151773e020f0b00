import LabCore
import LabRunner

/// What `lab run`, `lab matrix` and `lab bisect` were asked to do, read from the command line before
/// anything starts, so a wrong word costs nothing.
public enum LabJob: Sendable {
    /// One proxy, one scenario (`lab run`).
    case run(LabSettings)
    /// Every build × scenario (`lab matrix`).
    case matrix(LabSettings, builds: [LiteLLMBuildRequest], scenarios: [Scenario])
    /// The first release whose verdict differs (`lab bisect`).
    case bisect(LabSettings, good: String, bad: String)

    /// Reads the options of `command` (`run`, `matrix` or `bisect`).
    public static func parse(_ command: String, _ options: inout CommandOptions) throws(UsageError) -> LabJob
    {
        var settings = LabSettings()
        switch command {
        case "matrix":
            try settings.readShared(&options)
            guard let versions = try options.string("--versions") else {
                throw UsageError(
                    "--versions B1,B2,... is required, e.g. --versions 1.61.20,latest,./litellm,dist/x.whl")
            }
            let scenarios = try Scenario.list(try options.string("--scenarios") ?? "chat")
            return .matrix(
                settings,
                builds: versions.split(separator: ",").map { LiteLLMBuildRequest(word: String($0)) },
                scenarios: scenarios)
        case "bisect":
            try settings.readShared(&options)
            settings.scenario = try Scenario.named(try options.string("--scenario") ?? "chat")
            guard let good = try options.string("--good"), let bad = try options.string("--bad") else {
                throw UsageError("--good V and --bad V are required, e.g. --good 1.110.2 --bad 1.61.20")
            }
            return .bisect(settings, good: good, bad: bad)
        default:
            try settings.readRun(&options)
            return .run(settings)
        }
    }

    /// Does the job, printing to `output`; returns the exit status.
    public func run(output: LineWriter, interruption: LabInterruption) throws -> Int32 {
        switch self {
        case .run(let settings):
            try LabRun(settings: settings, output: output, interruption: interruption).run()
        case .matrix(let settings, let builds, let scenarios):
            try LabMatrix(
                settings: settings, builds: builds, scenarios: scenarios, output: output,
                interruption: interruption
            ).run()
        case .bisect(let settings, let good, let bad):
            try LabBisect(
                settings: settings, good: good, bad: bad, output: output, interruption: interruption
            ).run()
        }
    }
}
