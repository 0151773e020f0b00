import LabCore
import LabLoad

/// Everything `verdict.json` holds: the verdict, the figures behind it, the settings and the samples.
public struct VerdictReport: Codable, Sendable {
    /// PASS, LEAK or INCONCLUSIVE.
    public var verdict: VerdictKind
    /// The one-line reason.
    public var reason: String
    /// Which run this was, e.g. `direct` or `litellm`.
    public var label: String
    /// The URL the load targeted.
    public var target: String?
    /// The backend whose counters were sampled.
    public var backend: String
    /// The asserted expectation, if any.
    public var expected: VerdictExpectation?
    /// The process exit status that goes with this report.
    public var exitCode: Int32
    /// The figures of the decision.
    public var decision: Verdict
    /// The rules it was decided by.
    public var rules: VerdictRules
    /// Seconds between samples.
    public var intervalSeconds: Double
    /// Versions of the lab and of the proxy under test, when known.
    public var versions: [String: String]
    /// The load's summary.
    public var load: LoadSummary?
    /// The backend's counters before the load.
    public var baseline: StatsSample
    /// Every sample taken.
    public var samples: [StatsSample]
    /// What the abandoned requests cost the backend after the clients left.
    public var cost: LeakCost?

    /// Writes the report as pretty JSON to `path`.
    public func write(to path: String) throws {
        try JSONCoding.write(self, to: path)
    }
}

extension VerdictReport {
    /// Turns a measured report INCONCLUSIVE for `reason`, keeping every figure and sample it has.
    public mutating func markInconclusive(_ reason: String) {
        verdict = .inconclusive
        self.reason = reason
        decision.kind = .inconclusive
        decision.reason = reason
        exitCode = decision.exitCode(expecting: expected)
    }

    /// The report of a run that could not be measured at all (a proxy that never served, say): INCONCLUSIVE.
    public static func unmeasured(
        label: String, reason: String, backend: String, expectation: VerdictExpectation?,
        versions: [String: String]
    ) -> VerdictReport {
        let decision = Verdict(
            kind: .inconclusive, reason: reason, abandoned: 0, seenByBackend: 0, stillHeld: 0)
        return VerdictReport(
            verdict: .inconclusive, reason: reason, label: label, target: nil, backend: backend,
            expected: expectation,
            exitCode: decision.exitCode(expecting: expectation), decision: decision, rules: VerdictRules(),
            intervalSeconds: 0, versions: versions, load: nil,
            baseline: StatsSample(at: Clock.unixSeconds(), error: "not measured"), samples: [])
    }
}
