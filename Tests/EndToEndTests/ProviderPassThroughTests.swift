import Foundation
import Testing

@testable import LabCore
@testable import LabVerdict

/// LiteLLM's own vLLM pass-through, its upstream the backend `VLLM_API_BASE` names: the route forwards with
/// `create_pass_through_route`, whose `pass_through_request` awaits the upstream with nothing watching the
/// client, and `cancel_on_disconnect` does not reach it (measured 2026-12-07).
@Suite(.serialized, .enabled(if: endToEndEnabled, "set LAB_E2E=1 (make test does)"))
struct ProviderPassThroughTests {
    @Test func theVLLMPassThroughLeaksOnThePinnedNewestReleaseEvenWithCancelOnDisconnect() throws {
        let runs = try temporaryFolder("vllm")
        let (status, output) = try runProduct(
            "lab",
            [
                "run", "--litellm-version", "1.110.2", "--scenario", "provider-pass-through-vllm",
                "--setting",
                "general_settings.cancel_on_disconnect=true", "--backend-port", "0", "--proxy-port", "0",
                "--expect", "leak",
            ], in: runs)
        #expect(status == 0, "\(output)")
        #expect(output.contains("/vllm/v1/chat/completions"), "\(output)")
        let report = try JSONCoding.read(VerdictReport.self, from: runs + "/lab-runs/latest/verdict.json")
        #expect(report.verdict == .leak && report.decision.stillHeld == 10, "\(report.reason)")
    }
}
