import LabCore
import LabLoad
import LabRecords

/// Everything `verdict.json` holds: the verdict, the figures behind it, the settings and the samples.
package struct VerdictReport: Codable, Sendable {
    /// PASS, LEAK or INCONCLUSIVE.
    package var verdict: VerdictKind
    /// The one-line reason.
    package var reason: String
    /// Which run this was, e.g. `direct` or `litellm`.
    package var label: String
    /// The URL the load targeted.
    package var target: String?
    /// The backend whose counters were sampled.
    package var backend: String
    /// The asserted expectation, if any.
    package var expected: VerdictExpectation?
    /// The process exit status that goes with this report.
    package var exitCode: Int32
    /// The figures of the decision.
    package var decision: Verdict
    /// The rules it was decided by.
    package var rules: VerdictRules
    /// Seconds between samples.
    var intervalSeconds: Double
    /// Versions of the lab and of the proxy under test, when known.
    package var versions: [String: String]
    /// The load's summary.
    package var load: LoadSummary?
    /// The backend's counters before the load.
    package var baseline: StatsSample
    /// Every sample taken.
    package var samples: [StatsSample]
    /// What the abandoned requests cost the backend after the clients left.
    package var cost: LeakCost?
    /// With slots (`--slots`), what a new user met after the abandoned requests: cost evidence, never part of
    /// the verdict.
    package var slotProbe: SlotProbeResult?

    /// Writes the report as pretty JSON to `path`.
    package func write(to path: String) throws {
        try JSONCoding.write(self, to: path)
    }
}

extension VerdictReport {
    /// Turns a measured report INCONCLUSIVE for `reason`, keeping every figure and sample it has.
    package mutating func markInconclusive(_ reason: String) {
        verdict = .inconclusive
        self.reason = reason
        decision.kind = .inconclusive
        decision.reason = reason
        exitCode = decision.exitCode(expecting: expected)
    }

    /// The report of a run that could not be measured at all (a proxy that never served, say): INCONCLUSIVE.
    package static func unmeasured(
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
            baseline: StatsSample(at: LabClock.unixSeconds(), error: "not measured"), samples: [])
    }
}
