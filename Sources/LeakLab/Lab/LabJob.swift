import LabCore
import LabInstalls
import LabProxies
import LabRecords

/// What `lab run`, `lab matrix`, `lab bisect` and `lab compare` were asked to do, read from the command line before
/// anything starts, so a wrong word costs nothing.
package enum LabJob: Sendable {
    /// One proxy, one scenario (`lab run`).
    case run(LabSettings)
    /// Every build × server × scenario (`lab matrix`).
    case matrix(
        LabSettings, builds: [LiteLLMBuildRequest], servers: [ProxyProcess.Server], scenarios: [Scenario])
    /// The cells of a matrix written to a file, each a `lab run` (`lab matrix --plan FILE`).
    case plan(
        LabSettings, builds: [LiteLLMBuildRequest], servers: [ProxyProcess.Server], scenarios: [Scenario],
        file: String)
    /// The first release whose verdict differs (`lab bisect`).
    case bisect(LabSettings, good: String, bad: String)
    /// The same scenarios on two builds, as a proof of fix (`lab compare`).
    case compare(LabSettings, before: String, after: String, scenarios: [Scenario])
    /// The same build and scenarios under its lock and another resolution (`lab drift`).
    case drift(LabSettings, against: String, scenarios: [Scenario])

    /// Reads the options of `command` (`run`, `matrix` or `bisect`).
    package static func parse(_ command: String, _ options: inout CommandOptions) throws(UsageError) -> LabJob
    {
        var settings = LabSettings()
        switch command {
        case "matrix":
            try settings.read(&options, for: .matrix)
            guard let versions = try options.string("--versions") else {
                throw UsageError(
                    "--versions B1,B2,... is required, e.g. --versions 1.61.20,latest,./litellm,dist/x.whl")
            }
            let servers = try settings.readServers(&options)
            let scenarios = try Scenario.list(try options.string("--scenarios") ?? "chat")
            let builds = versions.split(separator: ",").map { LiteLLMBuildRequest(word: String($0)) }
            if let file = try options.string("--plan") {
                return .plan(settings, builds: builds, servers: servers, scenarios: scenarios, file: file)
            }
            return .matrix(settings, builds: builds, servers: servers, scenarios: scenarios)
        case "bisect":
            try settings.read(&options, for: .bisect)
            settings.load.scenario = try Scenario.named(try options.string("--scenario") ?? "chat")
            guard let good = try options.string("--good"), let bad = try options.string("--bad") else {
                throw UsageError("--good V and --bad V are required, e.g. --good 1.110.2 --bad 1.61.20")
            }
            return .bisect(settings, good: good, bad: bad)
        case "compare":
            try settings.read(&options, for: .compare)
            guard let before = try options.string("--before"), let after = try options.string("--after")
            else {
                throw UsageError("--before B and --after B are required, e.g. --before 1.89.7 --after 1.90.0")
            }
            let scenarios = try Scenario.list(try options.string("--scenarios") ?? "chat")
            return .compare(settings, before: before, after: after, scenarios: scenarios)
        case "drift":
            try settings.read(&options, for: .drift)
            guard settings.proxy.dependencies.isEmpty else {
                throw UsageError(
                    "drift measures the build under its own lock against --against: leave out --pip,"
                        + " --resolve-as-of, --constraints and --lock")
            }
            let against = try LiteLLMDependencies.validatedDate(try options.string("--against") ?? "today")
            let scenarios = try Scenario.list(try options.string("--scenarios") ?? "chat")
            return .drift(settings, against: against, scenarios: scenarios)
        default:
            // `make lab LAB_ARGS=...` hands its words over this way, so that no shell evaluates them.
            try options.appendWords(ofEnvironment: "LAB_ARGS")
            try settings.read(&options, for: .run)
            return .run(settings)
        }
    }

    /// Does the job, printing to `output`; returns the exit status.
    package func run(output: LineWriter, interruption: LabInterruption) throws -> Int32 {
        switch self {
        case .run(let settings):
            try LabRun(settings: settings, output: output, interruption: interruption).run()
        case .matrix(let settings, let builds, let servers, let scenarios):
            try LabMatrix(
                settings: settings, builds: builds, servers: servers, scenarios: scenarios,
                output: output,
                interruption: interruption
            ).run()
        case .plan(let settings, let builds, let servers, let scenarios, let file):
            try MatrixPlan.write(
                to: file, settings: settings, builds: builds, servers: servers, scenarios: scenarios,
                output: output)
        case .bisect(let settings, let good, let bad):
            try LabBisect(
                settings: settings, good: good, bad: bad, output: output, interruption: interruption
            ).run()
        case .drift(let settings, let against, let scenarios):
            try LabDrift(
                settings: settings, against: against, scenarios: scenarios, output: output,
                interruption: interruption
            ).run()
        case .compare(let settings, let before, let after, let scenarios):
            try LabCompare(
                settings: settings, before: before, after: after, scenarios: scenarios, output: output,
                interruption: interruption
            ).run()
        }
    }
}
