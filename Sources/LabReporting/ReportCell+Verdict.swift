import Foundation
import LabRunner
import LabVerdict

extension ReportCell {
    /// The cell of one measured verdict.
    ///
    /// - Parameters:
    ///   - report: the collector's report for the cell.
    ///   - build: the LiteLLM build measured.
    ///   - settings: config settings of the proxy start; `dependencies`: overrides, date, constraints.
    ///   - server: the server LiteLLM ran under.
    ///   - scenario: the scenario measured.
    ///   - folder: the cell's run folder, as the report should show it.
    package init(
        report: VerdictReport, build: LiteLLMBuild, settings: [String], dependencies: LiteLLMDependencies,
        server: ProxyProcess.Server = .default, scenario: String, folder: String
    ) {
        let origin = report.load?.startedAt ?? report.baseline.at
        var words = ["lab", "run"] + build.commandLineWords + ["--scenario", scenario]
        if server != .default {
            words += ["--server", server.kind.rawValue, "--workers", String(server.workers)]
        }
        words += settings.flatMap { ["--setting", $0] }
        words += dependencies.overrides.flatMap { ["--pip", "'\($0)'"] }
        words += dependencies.resolveAsOf.map { ["--resolve-as-of", $0] } ?? []
        words += dependencies.constraintsFile.map { ["--constraints", "'\($0)'"] } ?? []
        if let probe = report.slotProbe, probe.slots > 0 {
            words +=
                ["--slots", String(probe.slots)]
                + (probe.queueLimit.map { ["--queue-limit", String($0)] } ?? [])
            words += ["--probe-patience", String(format: "%g", probe.patienceSeconds)]
        }
        words += report.expected.map { ["--expect", $0.rawValue] } ?? []
        let command = words.joined(separator: " ")
        self.init(
            version: build.version, settings: settings, pins: dependencies.overrides, scenario: scenario,
            verdict: report.verdict,
            reason: report.reason, expected: report.expected, command: command, cost: report.cost,
            timeline: report.baseline.stats.map {
                TimelinePoint.series(report.samples, baseline: $0, origin: origin)
            } ?? [],
            hangUpAt: report.load?.lastHangUpAt.map { $0 - origin }, folder: folder,
            seenByBackend: report.decision.seenByBackend, resolveAsOf: dependencies.resolveAsOf,
            constraints: dependencies.constraintsFile,
            server: server.label)
        slotProbe = report.slotProbe
        self.build = build
    }
}
