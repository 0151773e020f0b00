import Foundation
import LabCore
import LabReporting
import LabInstalls
import LabRecords

/// `lab drift`: the same build and scenarios installed from its lock and from another resolution (today's
/// by default), side by side: which verdicts the package index's movement changed, and which packages moved.
///
/// The question behind a verdict that differs between two machines, or between this month and last.
struct LabDrift {
    private let settings: LabSettings
    private let against: String
    private let scenarios: [Scenario]
    private let output: LineWriter
    private let interruption: LabInterruption

    /// A drift check of `settings.proxy.build` over `scenarios`, its lock against the resolution `against`
    /// (`today`, `release` or a day).
    init(
        settings: LabSettings, against: String, scenarios: [Scenario], output: LineWriter,
        interruption: LabInterruption
    ) {
        self.settings = settings
        self.against = against
        self.scenarios = scenarios
        self.output = output
        self.interruption = interruption
    }

    /// Measures both installs; exit status 0 when no verdict changed, 1 when one did.
    func run() throws -> Int32 {
        let say: (String) -> Void = { output.write("[drift] \($0)") }
        let installer = LiteLLMInstaller()
        let build = try LiteLLMUnderTest.resolve(settings.proxy.build, installer: installer, say: say)
        var moved = settings
        moved.proxy.dependencies.resolveAsOf = against
        let sides = [settings, moved].map {
            LiteLLMUnderTest(build: build, settings: $0, installer: installer)
        }
        let locks = try sides.map { side in
            try installer.lock(for: build, dependencies: side.dependencies, log: "/dev/null", progress: say)
        }
        guard let locked = locks[0], let resolved = locks[1] else { return CommandFailure.softwareExitCode }
        try settings.ensureChosenPortsFree(includingBackend: false)
        let executor = try ExperimentExecutor(
            settings: settings, label: "drift-\(build.name)", prefix: "drift", output: output,
            interruption: interruption)
        let (folder, events) = (executor.folder, executor.events)
        defer { executor.close() }
        events.say(
            "\(build.name): \(locked.summary) against \(resolved.summary), \(scenarios.count) scenarios, in"
                + " \(folder.path)")
        _ = try executor.run(ExperimentPlan(proxies: sides, scenarios: scenarios, layout: .grid))
        try executor.recorder.write(into: folder)
        let report = try JSONCoding.read(LabReport.self, from: folder.file(ReportFiles.dataFile))
        let drift = LockDrift(
            build: build.name, locked: locked, resolved: resolved, against: against, cells: report.cells)
        try drift.markdown.write(toFile: folder.file("drift.md"), atomically: true, encoding: .utf8)
        drift.lines.forEach { events.say($0) }
        events.say("written up: \(folder.file("drift.md"))")
        return executor.end(exitCode: drift.exitCode, line: "DRIFT: \(drift.summary)")
    }
}

/// One build's verdicts under its lock and under another resolution, and the packages between them.
struct LockDrift {
    /// The build's name.
    let build: String
    /// The lock it is measured with by default, and the other resolution.
    let locked: LiteLLMLock, resolved: LiteLLMLock
    /// What the other resolution was asked as of (`today`).
    let against: String
    /// Per scenario: the verdict under the lock and under the other resolution.
    let rows: [(scenario: String, locked: ReportCell, resolved: ReportCell)]

    /// Pairs `cells` by scenario: those installed without `--resolve-as-of` (the lock) and those as of
    /// `against`.
    init(build: String, locked: LiteLLMLock, resolved: LiteLLMLock, against: String, cells: [ReportCell]) {
        (self.build, self.locked, self.resolved, self.against) = (build, locked, resolved, against)
        let others = Dictionary(cells.filter { $0.resolveAsOf == against }.map { ($0.scenario, $0) }) { $1 }
        rows = cells.filter { $0.resolveAsOf == nil }.compactMap { cell in
            others[cell.scenario].map { (cell.scenario, cell, $0) }
        }
    }

    /// The scenarios whose verdict differs.
    var changed: [String] { rows.filter { $0.locked.verdict != $0.resolved.verdict }.map(\.scenario) }

    /// 0 when no verdict changed, 1 when one did.
    var exitCode: Int32 { changed.isEmpty ? 0 : 1 }

    /// `1 of 3 verdicts changed (moderations), 3 packages moved`.
    var summary: String {
        let moves = locked.changes(to: resolved).count
        return "\(changed.count) of \(rows.count) verdicts changed"
            + (changed.isEmpty ? "" : " (\(changed.joined(separator: ", ")))")
            + ", \(moves) package\(moves == 1 ? "" : "s") moved between the lock and \(against)"
    }

    /// What the terminal shows: each scenario's two verdicts, then the packages that moved.
    var lines: [String] {
        rows.map {
            "\($0.scenario): \($0.locked.verdict.rawValue) under the lock, \($0.resolved.verdict.rawValue) \(against)"
                + ($0.locked.verdict == $0.resolved.verdict ? "" : " (changed: \($0.resolved.reason))")
        } + locked.changes(to: resolved).map { "moved: \($0)" }
    }

    /// The write-up: both resolutions, the verdicts side by side, the packages that moved.
    var markdown: String {
        var text = "## Drift: LiteLLM \(build), its lock against \(against)\n\n\(summary).\n\n"
        text += "- lock: \(locked.summary)\n- \(against): \(resolved.summary)\n\n"
        var table = MarkdownTable([("scenario", .left), ("lock", .left), (against, .left), ("why", .left)])
        for row in rows {
            table.append([
                row.scenario, row.locked.verdictSummary, row.resolved.verdictSummary,
                row.locked.verdict == row.resolved.verdict ? "" : MarkdownText.prose(row.resolved.reason),
            ])
        }
        text += table.text + "\n### Packages that moved\n\n"
        let moves = locked.changes(to: resolved)
        text += moves.isEmpty ? "None.\n" : moves.map { "- \(MarkdownText.code($0))\n" }.joined()
        return text
    }
}
