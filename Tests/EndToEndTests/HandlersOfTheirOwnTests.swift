import Foundation
import Testing

@testable import LabReporting
@testable import LabVerdict

/// The routes `cancel_on_disconnect` does not reach on the pinned newest release, beside image editing, whose
/// handler goes through `base_process_llm_request` like chat's: one matrix, one proxy start per settings group
/// (measured 2026-12-07; why, per route, in docs/scenarios.md and findings/cancel-on-disconnect.md).
///
/// Each leaking route awaits its upstream call in a handler of its own, which nothing cancels when the client
/// leaves: image generation (`image_generation`), the scheduler's queue (`async_queue_request`), a file upload
/// (`create_file`), a batch's create (`create_batch`), a RAG query (`rag_query`), an MCP tool call
/// (`call_tool_rest_api`) and LiteLLM's own vLLM pass-through (`pass_through_request`) hold their upstream
/// request; an assistants run (`run_thread`) holds nothing but goes on polling the run for nobody.
@Suite(.serialized, .enabled(if: endToEndEnabled, "set LAB_E2E=1 (make test does)"))
struct HandlersOfTheirOwnTests {
    static let held: [String: VerdictKind] = [
        "images": .leak, "chat-queue": .leak, "files-upload": .leak, "batches-create": .leak,
        "rag-query": .leak, "mcp-tool-call": .leak, "provider-pass-through-vllm": .leak,
        "assistants-run": .leak, "images-edits": .pass,
    ]

    @Test func everyRouteWithAHandlerOfItsOwnLeaksWithCancelOnDisconnectWhereImageEditingIsReleased() throws {
        let runs = try temporaryFolder("handlers-of-their-own")
        let setting = "general_settings.cancel_on_disconnect=true"
        let (status, output) = try runProduct(
            "lab",
            [
                "matrix", "--versions", "1.110.2", "--scenarios",
                Self.held.keys.sorted().joined(separator: ","),
                "--setting", setting, "--proxy-port", "0", "--runs-dir", "lab-runs",
            ] + ScenarioMatrixTests.roomToForward, in: runs)
        #expect(status == 0, "\(output)")
        let report = try #require(try ReportFiles.collect(under: runs + "/lab-runs"))
        #expect(report.cells.count == Self.held.count)
        for cell in try report.cells.map({
            try ScenarioMatrixTests.observed(
                $0, expected: Self.held, version: "1.110.2", extra: ["--setting", setting])
        }) {
            #expect(cell.verdict == Self.held[cell.scenario], "\(cell.scenario): \(cell.reason)")
            let cost = cell.cost
            if cell.scenario == "assistants-run" {
                #expect(cost?.heldRequests == 0, "a run holds nothing: \(cell.reason)")
                #expect((cost?.startedAfterHangUp ?? 0) > 0, "the polls for nobody: \(cell.reason)")
            } else if cell.verdict == .leak {
                #expect(
                    cost?.heldRequests == ScenarioMatrixTests.requests, "\(cell.scenario): \(cell.reason)")
            }
        }
    }
}
