extension ReportCell {
    /// The cell of one measured verdict.
    ///
    /// - Parameters:
    ///   - report: the collector's report for the cell.
    ///   - version: the LiteLLM release measured.
    ///   - settings: config settings of the proxy start; `pins`: extra pip requirements.
    ///   - scenario: the scenario measured.
    ///   - folder: the cell's run folder, as the report should show it.
    public init(
        report: VerdictReport, version: String, settings: [String], pins: [String], scenario: String,
        folder: String
    ) {
        let origin = report.load?.startedAt ?? report.baseline.at
        let command =
            (["lab", "run", "--litellm-version", version, "--scenario", scenario]
            + settings.flatMap { ["--setting", $0] } + pins.flatMap { ["--pip", "'\($0)'"] }
            + (report.expected.map { ["--expect", $0.rawValue] } ?? [])).joined(separator: " ")
        self.init(
            version: version, settings: settings, pins: pins, scenario: scenario, verdict: report.verdict,
            reason: report.reason, expected: report.expected, command: command, cost: report.cost,
            timeline: report.baseline.stats.map {
                TimelinePoint.series(report.samples, baseline: $0, origin: origin)
            } ?? [],
            hangUpAt: report.load?.lastHangUpAt.map { $0 - origin }, folder: folder,
            seenByBackend: report.decision.seenByBackend)
    }
}
