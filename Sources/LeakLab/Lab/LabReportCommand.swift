import Foundation
import LabCore
import LabReporting
import LabVerdict

/// `lab report`: merges every run's `report.json` under the runs folder into one report a maintainer can paste.
public enum LabReportCommand {
    /// Writes the merged report into `<runs>/report/` and returns the exit status (65 when there is nothing).
    public static func run(runsRoot: String, output: LineWriter) throws -> Int32 {
        let report = try collect(under: runsRoot)
        let markdown = try ReportFiles.write(report, to: runsRoot + "/report")
        let counts = Dictionary(grouping: report.cells, by: \.verdict).mapValues(\.count)
        let tally = [VerdictKind.leak, .pass, .inconclusive, .notServed].compactMap { kind in
            counts[kind].map { "\($0) \(kind.rawValue)" }
        }
        output.write(
            "[lab] report of \(report.cells.count) cells (\(tally.joined(separator: ", "))): \(markdown)")
        output.write("[lab] also report.json, junit.xml and one SVG timeline per cell next to it")
        return 0
    }

    /// `lab report --finding SCENARIO [--setting K=V ...]`: writes `<runs>/report/finding-SCENARIO.md`, the
    /// scenario's leak written up for LiteLLM's maintainers (see ``LabFinding``); 65 when no cell of it leaked,
    /// or when the newest release measured passes (the write-up, titled "Fixed in ...", is a record then).
    public static func finding(
        _ scenarioName: String, _ options: inout CommandOptions, runsRoot: String, output: LineWriter
    ) throws -> Int32 {
        let scenario = try Scenario.named(scenarioName)
        let settings = try options.strings("--setting")
        try options.finish()
        let finding = LabFinding(report: try collect(under: runsRoot), scenario: scenario, settings: settings)
        guard let markdown = finding.markdown else {
            let measured = finding.cells.map { "\($0.buildName) \($0.verdict.rawValue)" }
            throw CommandFailure(
                "no leaking cell of \(scenario.name)"
                    + (settings.isEmpty ? "" : " with \(settings.joined(separator: " "))")
                    + " under \(runsRoot) (measured: \(measured.isEmpty ? "none" : measured.joined(separator: ", "))): "
                    + "measure it first (`lab run --scenario \(scenario.name)` or `lab matrix`)",
                exitCode: CommandFailure.refusedExitCode)
        }
        let folder = runsRoot + "/report"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/finding-\(scenario.name).md"
        try markdown.write(toFile: path, atomically: true, encoding: .utf8)
        if let fixed = finding.fixedIn {
            // The newest release measured passes: a record of the leak, not an issue to file.
            output.write(
                "[lab] fixed in \(fixed), the newest release measured passes: not offered for filing; the record"
                    + " of the older releases' leak is in \(path)")
            output.write("[lab] \(finding.title)")
            return CommandFailure.refusedExitCode
        }
        output.write("[lab] finding, ready to file upstream: \(path)")
        output.write("[lab] \(finding.title)")
        return 0
    }

    private static func collect(under runsRoot: String) throws -> LabReport {
        guard let report = try ReportFiles.collect(under: runsRoot) else {
            throw CommandFailure(
                "no \(ReportFiles.dataFile) under \(runsRoot): run `lab run` or `lab matrix` first",
                exitCode: CommandFailure.refusedExitCode)
        }
        return report
    }
}
