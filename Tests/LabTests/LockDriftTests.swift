@testable import LabReporting
@testable import LabRecords
@testable import LabVerdict
import Testing

@testable import LeakLab

@Suite struct LockDriftTests {
    private func cell(_ scenario: String, _ verdict: VerdictKind, resolveAsOf: String? = nil) -> ReportCell {
        ReportCell(
            version: "1.61.20", settings: [], pins: [], scenario: scenario, verdict: verdict,
            reason: "\(verdict.rawValue) because", expected: nil, command: "lab run", cost: nil, timeline: [],
            hangUpAt: nil, folder: "f", resolveAsOf: resolveAsOf)
    }

    @Test func pairsEachScenarioUnderTheLockWithItUnderTheOtherResolutionAndNamesWhatChanged() throws {
        let locked = try LiteLLMLock(text: "# resolved-as-of: 2026-11-25\nopenai==3.57.0\nsix==1.0\n")
        let today = try LiteLLMLock(text: "# resolved-as-of: today (2026-12-07)\nopenai==3.63.0\nsix==1.0\n")
        let drift = LockDrift(
            build: "1.61.20", locked: locked, resolved: today, against: "today",
            cells: [
                cell("moderations", .leak), cell("chat", .leak), cell("chat", .leak, resolveAsOf: "today"),
                cell("moderations", .inconclusive, resolveAsOf: "today"),
            ])
        #expect(drift.rows.map(\.scenario) == ["moderations", "chat"])
        #expect(drift.changed == ["moderations"])
        #expect(drift.exitCode == 1)
        #expect(
            drift.summary
                == "1 of 2 verdicts changed (moderations), 1 package moved between the lock and today")
        #expect(drift.lines.last == "moved: openai 3.57.0 → 3.63.0")
        #expect(drift.markdown.contains("| moderations | LEAK | INCONCLUSIVE | INCONCLUSIVE because |"))
    }

    @Test func noChangedVerdictExitsZero() throws {
        let lock = try LiteLLMLock(text: "six==1.0\n")
        let drift = LockDrift(
            build: "1.61.20", locked: lock, resolved: lock, against: "today",
            cells: [cell("chat", .leak), cell("chat", .leak, resolveAsOf: "today")])
        #expect(drift.exitCode == 0)
        #expect(drift.summary == "0 of 1 verdicts changed, 0 packages moved between the lock and today")
        #expect(drift.markdown.hasSuffix("### Packages that moved\n\nNone.\n"))
    }
}
