import Foundation
import Testing

@testable import LabCore
@testable import LabVerdict

/// The realtime websocket: when its client leaves, LiteLLM's relay returns and leaves its `async with
/// websockets.connect(...)`, which closes its upstream websocket with a close frame (1.110.2
/// `realtime_streaming.py` `bidirectional_forward`, `llms/openai/realtime/handler.py` `async_realtime`;
/// measured 2026-12-07).
@Suite(.serialized, .enabled(if: endToEndEnabled, "set LAB_E2E=1 (make test does)"))
struct RealtimeRouteTests {
    @Test func theRealtimeWebsocketIsReleasedOnThePinnedNewestRelease() throws {
        let runs = try temporaryFolder("realtime")
        let (status, output) = try runProduct(
            "lab",
            [
                "run", "--litellm-version", "1.110.2", "--scenario", "realtime", "--backend-port", "0",
                "--proxy-port", "0", "--expect", "no-leak",
            ], in: runs)
        #expect(status == 0, "\(output)")
        let report = try JSONCoding.read(VerdictReport.self, from: runs + "/lab-runs/latest/verdict.json")
        #expect(report.verdict == .pass && report.decision.stillHeld == 0, "\(report.reason)")
        // Every session reached the backend and was closed by the proxy with a close frame, not dropped.
        let log = try String(contentsOfFile: runs + "/lab-runs/latest/backend.log", encoding: .utf8)
        let closes = log.split(separator: "\n").filter {
            $0.contains("websocket closed by its peer, code 1000")
        }
        #expect(closes.count == 10, "the direct clients hang up; the proxy closes in order")
    }

    /// 1.61.20's lock holds neither `websockets` nor `wsproto` (its `proxy` extra names none): uvicorn 0.29
    /// logs "Unsupported upgrade request" and FastAPI answers the plain GET with 404.
    @Test func theRealtimeWebsocketIsNotServedByTheOldestReleasesLock() throws {
        let runs = try temporaryFolder("realtime-1.61.20")
        let (status, output) = try runProduct(
            "lab",
            [
                "run", "--litellm-version", "1.61.20", "--scenario", "realtime", "--backend-port", "0",
                "--proxy-port", "0",
            ], in: runs)
        #expect(status == 3, "\(output)")
        let report = try JSONCoding.read(VerdictReport.self, from: runs + "/lab-runs/latest/verdict.json")
        #expect(report.verdict == .notServed, "\(report.reason)")
    }
}
