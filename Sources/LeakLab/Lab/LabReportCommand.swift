import Foundation
import LabCore
import LabReporting
import LabVerdict

/// `lab report`: merges every run's `report.json` under the runs folder into one report a maintainer can paste.
public enum LabReportCommand {
    /// Writes the merged report into `<runs>/report/` and returns the exit status (65 when there is nothing);
    /// `everyRun` keeps every run of a cell, not only its newest.
    public static func run(runsRoot: String, everyRun: Bool = false, output: LineWriter) throws -> Int32 {
        let report = try collect(under: runsRoot, everyRun: everyRun)
        let markdown = try ReportFiles.write(report, to: runsRoot + "/report")
        let counts = Dictionary(grouping: report.cells, by: \.verdict).mapValues(\.count)
        let tally = [VerdictKind.leak, .pass, .inconclusive, .notServed].compactMap { kind in
            counts[kind].map { "\($0) \(kind.rawValue)" }
        }
        output.write(
            "[lab] report of \(report.cells.count) cells (\(tally.joined(separator: ", "))): \(markdown)")
        output.write("[lab] also report.json, junit.xml and one SVG timeline per cell next to it")
        if let agreement = MarkdownReport.agreement(report.cells) { output.write("[lab] \(agreement)") }
        return 0
    }

    /// `lab report --finding SCENARIO[,SCENARIO...] [--setting K=V ...] [--out FILE]`: writes the leak written up
    /// for LiteLLM's maintainers into FILE, by default `<runs>/report/finding-SCENARIO.md` (several scenarios:
    /// their names joined by `+`). One scenario is a ``LabFinding``; several, one write-up of their common cause
    /// (``LabCauseFinding``): every route in one table, one config, one set of commands.
    ///
    /// 65 when nothing leaked, or when the newest release measured passes (for several scenarios: on every route
    /// that leaked); the write-up, titled "Fixed in ...", is a record then, not an issue to file.
    public static func finding(
        _ scenarioNames: String, _ options: inout CommandOptions, runsRoot: String, output: LineWriter
    ) throws -> Int32 {
        let scenarios = try Scenario.list(scenarioNames)
        let settings = try options.strings("--setting")
        let out = try options.string("--out")
        try options.finish()
        guard !scenarios.isEmpty, Set(scenarios.map(\.name)).count == scenarios.count else {
            throw UsageError("--finding takes scenarios, each once: \(scenarioNames)")
        }
        let report = try collect(under: runsRoot)
        let path = out ?? runsRoot + "/report/finding-\(scenarios.map(\.name).joined(separator: "+")).md"
        if scenarios.count == 1 {
            let finding = LabFinding(report: report, scenario: scenarios[0], settings: settings)
            guard let markdown = finding.markdown else { throw nothingLeaked([finding], settings, runsRoot) }
            try write(markdown, to: path)
            return announce(title: finding.title, fixedIn: finding.fixedIn, path: path, output: output)
        }
        let finding = LabCauseFinding(report: report, scenarios: scenarios, settings: settings)
        guard let markdown = finding.markdown else { throw nothingLeaked(finding.routes, settings, runsRoot) }
        try write(markdown, to: path)
        for route in finding.leaking where route.fixedIn != nil && finding.fixedIn == nil {
            output.write(
                "[lab] \(route.scenario.name): fixed in \(route.fixedIn!), its newest release measured passes: kept"
                    + " in the table as a record, left out of the title")
        }
        for route in finding.routes where route.leak == nil {
            output.write("[lab] \(route.scenario.name): no leak measured (\(measured(route)))")
        }
        return announce(title: finding.title, fixedIn: finding.fixedIn, path: path, output: output)
    }

    private static func announce(title: String, fixedIn: String?, path: String, output: LineWriter) -> Int32 {
        if let fixedIn {
            // The newest release measured passes: a record of the leak, not an issue to file.
            output.write(
                "[lab] fixed in \(fixedIn), the newest release measured passes: not offered for filing; the record"
                    + " of the older releases' leak is in \(path)")
            output.write("[lab] \(title)")
            return CommandFailure.refusedExitCode
        }
        output.write("[lab] finding, ready to file upstream: \(path)")
        output.write("[lab] \(title)")
        return 0
    }

    private static func nothingLeaked(_ routes: [LabFinding], _ settings: [String], _ runsRoot: String)
        -> CommandFailure
    {
        let names = routes.map(\.scenario.name).joined(separator: ",")
        let lines = routes.map { routes.count == 1 ? measured($0) : "\($0.scenario.name): \(measured($0))" }
        return CommandFailure(
            "no leaking cell of \(names)"
                + (settings.isEmpty ? "" : " with \(settings.joined(separator: " "))")
                + " under \(runsRoot) (measured: \(lines.joined(separator: "; "))): "
                + "measure it first (`lab run --scenario \(routes[0].scenario.name)` or `lab matrix`)",
            exitCode: CommandFailure.refusedExitCode)
    }

    private static func measured(_ route: LabFinding) -> String {
        let cells = route.cells.map { "\($0.buildName) \($0.verdict.rawValue)" }
        return cells.isEmpty ? "none" : cells.joined(separator: ", ")
    }

    private static func write(_ markdown: String, to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try markdown.write(toFile: path, atomically: true, encoding: .utf8)
    }

    private static func collect(under runsRoot: String, everyRun: Bool = false) throws -> LabReport {
        guard let report = try ReportFiles.collect(under: runsRoot, everyRun: everyRun) else {
            throw CommandFailure(
                "no \(ReportFiles.dataFile) under \(runsRoot): run `lab run` or `lab matrix` first",
                exitCode: CommandFailure.refusedExitCode)
        }
        return report
    }
}
