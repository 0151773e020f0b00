import LabCore
import LabRecords
import LabVerdict

extension ReportCell {
    /// The cell of one measured verdict.
    ///
    /// - Parameters:
    ///   - report: the collector's report for the cell.
    ///   - build: the LiteLLM build measured.
    ///   - settings: config settings of the proxy start; `dependencies`: overrides, date, constraints.
    ///   - server: the server LiteLLM ran under, as labels name it (`gunicorn-w2`); nil for the default.
    ///   - scenario: the scenario measured.
    ///   - runArguments: the `lab` arguments that measure the cell again (`run --litellm-version 1.61.20 ...`).
    ///   - folder: the cell's run folder, as the report should show it.
    ///   - lock: the lock the install came from (``InstallRecord/Lock``), when the lab installed it.
    package init(
        report: VerdictReport, build: LiteLLMBuild, settings: [String], dependencies: LiteLLMDependencies,
        server: String? = nil, scenario: String, runArguments: [String], folder: String,
        lock: InstallRecord.Lock? = nil
    ) {
        let origin = report.load?.startedAt ?? report.baseline.at
        let command = ShellWords.line(["lab"] + runArguments)
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
            server: server)
        slotProbe = report.slotProbe
        self.build = build
        lockFile = dependencies.lockFile
        self.lock = lock?.summary
    }
}
