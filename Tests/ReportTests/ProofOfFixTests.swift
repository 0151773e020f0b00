@testable import LabReporting
@testable import LabVerdict
import Testing

@Suite struct ProofOfFixTests {
    private func proof(_ change: (inout LabReport) -> Void = { _ in }) -> ProofOfFix {
        var report = ReportFixtures.report
        change(&report)
        return ProofOfFix(
            report: report, before: ReportFixtures.oldVersion, after: ReportFixtures.newVersion,
            command:
                "lab compare --before 1.61.20 --after 1.110.2 --scenarios chat,chat-stream-mid,embeddings")
    }

    @Test func pairsEachScenarioAcrossTheBuildsAndSaysHowItChanged() {
        let proof = proof()
        #expect(proof.rows.map(\.scenario) == ["chat", "chat-stream-mid", "embeddings"])
        #expect(proof.rows.map(\.change) == [.improved, .unchanged, .unproven])
        #expect(
            proof.summary
                == "1 of 3 scenarios improved (LEAK → PASS), none worse, 1 INCONCLUSIVE after the change")
    }

    @Test func anInconclusiveCellAfterTheChangeProvesNothing() {
        #expect(proof().exitCode == 1)
        #expect(proof { $0.cells.removeAll { $0.scenario == "embeddings" } }.exitCode == 0)
    }

    @Test func aPassThatBecomesALeakIsWorseAndFailsTheProof() {
        let proof = proof { report in
            report.cells.removeAll { $0.scenario == "embeddings" }
            for index in report.cells.indices where report.cells[index].scenario == "chat-stream-mid" {
                report.cells[index].verdict =
                    report.cells[index].version == ReportFixtures.oldVersion ? .pass : .leak
            }
        }
        #expect(proof.rows.map(\.change) == [.improved, .worse])
        #expect(proof.exitCode == 1)
        #expect(proof.summary.hasSuffix("1 worse"))
    }

    @Test func nothingImprovedIsNoProofAndIsNotTitledAsOne() {
        let comparison = proof { $0.cells.removeAll { $0.scenario != "chat-stream-mid" } }
        #expect(comparison.exitCode == 1)
        #expect(comparison.markdown.hasPrefix("## Comparison, not a proof of fix: 1.61.20 → 1.110.2\n"))
    }

    @Test func theSectionHoldsTheCommandsBothBuildsTheVerdictsTheCostAndTheTimelines() {
        #expect(
            proof().markdown.hasPrefix("## Comparison, not a proof of fix:"),
            "an INCONCLUSIVE after proves nothing")
        let text = proof { $0.cells.removeAll { $0.scenario == "embeddings" } }.markdown
        #expect(text.hasPrefix("## Proof of fix: 1.61.20 → 1.110.2\n"))
        #expect(text.contains("lab compare --before 1.61.20 --after 1.110.2"))
        #expect(text.contains("| uvicorn | 0.29.0 | 0.35.0 |"), "key packages side by side")
        #expect(text.contains("| chat | LEAK 10/10 held | PASS | improved |"))
        #expect(text.contains("### Timelines"))
    }
}
