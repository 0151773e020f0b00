import LabCore
import LabReporting
import LabVerdict

/// `lab report`: merges every run's `report.json` under the runs folder into one report a maintainer can paste.
public enum LabReportCommand {
    /// Writes the merged report into `<runs>/report/` and returns the exit status (65 when there is nothing).
    public static func run(runsRoot: String, output: LineWriter) throws -> Int32 {
        guard let report = try ReportFiles.collect(under: runsRoot) else {
            throw CommandFailure(
                "no \(ReportFiles.dataFile) under \(runsRoot): run `lab run` or `lab matrix` first",
                exitCode: CommandFailure.refusedExitCode)
        }
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
}
