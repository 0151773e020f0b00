import Foundation
import Testing

@testable import LabCore
@testable import LabVerdict

/// An MCP tool call through the proxy's REST route, `POST /mcp-rest/tools/call`, to the MCP server the lab's
/// config declares at the backend: `call_tool_rest_api` awaits the call in a handler of its own, outside
/// `base_process_llm_request`, so `cancel_on_disconnect` does not reach it (measured 2026-12-07).
@Suite(.serialized, .enabled(if: endToEndEnabled, "set LAB_E2E=1 (make test does)"))
struct MCPRouteTests {
    @Test func anMCPToolCallLeaksOnThePinnedNewestReleaseEvenWithCancelOnDisconnect() throws {
        let runs = try temporaryFolder("mcp")
        let (status, output) = try runProduct(
            "lab",
            [
                "run", "--litellm-version", "1.110.2", "--scenario", "mcp-tool-call", "--setting",
                "general_settings.cancel_on_disconnect=true", "--backend-port", "0", "--proxy-port", "0",
                "--expect", "leak",
            ], in: runs)
        #expect(status == 0, "\(output)")
        let report = try JSONCoding.read(VerdictReport.self, from: runs + "/lab-runs/latest/verdict.json")
        #expect(report.verdict == .leak && report.decision.stillHeld == 10, "\(report.reason)")
    }
}
