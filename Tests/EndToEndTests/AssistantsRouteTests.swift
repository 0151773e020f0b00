import Foundation
import Testing

@testable import LabCore
@testable import LabVerdict

/// An assistants run, `POST /v1/threads/{thread_id}/runs`, to the provider `assistant_settings` names: `run_thread`
/// awaits `router.arun_thread` in a handler of its own, outside `base_process_llm_request`, and LiteLLM's OpenAI
/// handler awaits the SDK's `create_and_poll`, which polls the run every second until it ends. Nothing there
/// watches the client, so `cancel_on_disconnect` does not reach it (measured 2026-12-07).
@Suite(.serialized, .enabled(if: endToEndEnabled, "set LAB_E2E=1 (make test does)"))
struct AssistantsRouteTests {
    @Test func aRunGoesOnBeingPolledForNobodyOnThePinnedNewestReleaseEvenWithCancelOnDisconnect() throws {
        let runs = try temporaryFolder("assistants")
        let (status, output) = try runProduct(
            "lab",
            [
                "run", "--litellm-version", "1.110.2", "--scenario", "assistants-run", "--setting",
                "general_settings.cancel_on_disconnect=true", "--backend-port", "0", "--proxy-port", "0",
                "--expect", "leak",
            ], in: runs)
        #expect(status == 0, "\(output)")
        let report = try JSONCoding.read(VerdictReport.self, from: runs + "/lab-runs/latest/verdict.json")
        #expect(report.verdict == .leak && report.decision.stillHeld == 0, "\(report.reason)")
        #expect(
            (report.decision.startedAfterHangUp ?? 0) > 0, "the polls after the hang-up: \(report.reason)")
    }
}
