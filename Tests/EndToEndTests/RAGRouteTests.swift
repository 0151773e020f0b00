import Foundation
import Testing

@testable import LabCore
@testable import LabVerdict

/// A RAG query, `POST /v1/rag/query`: the proxy searches the vector store the lab's config registers at the
/// backend (answered at once), then asks the model, which the backend holds. `rag_query` awaits `litellm.aquery`
/// in a handler of its own, outside `base_process_llm_request`, so `cancel_on_disconnect` does not reach it
/// (measured 2026-12-07).
@Suite(.serialized, .enabled(if: endToEndEnabled, "set LAB_E2E=1 (make test does)"))
struct RAGRouteTests {
    @Test func aRAGQueryLeaksOnThePinnedNewestReleaseEvenWithCancelOnDisconnect() throws {
        let runs = try temporaryFolder("rag")
        let (status, output) = try runProduct(
            "lab",
            [
                "run", "--litellm-version", "1.110.2", "--scenario", "rag-query", "--setting",
                "general_settings.cancel_on_disconnect=true", "--backend-port", "0", "--proxy-port", "0",
                "--expect", "leak",
            ], in: runs)
        #expect(status == 0, "\(output)")
        let report = try JSONCoding.read(VerdictReport.self, from: runs + "/lab-runs/latest/verdict.json")
        #expect(report.verdict == .leak && report.decision.stillHeld == 10, "\(report.reason)")
    }
}
