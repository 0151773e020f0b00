import Foundation
@testable import LabCore
@testable import LabReporting
import Testing

/// `lab compare` as a maintainer uses it: the release before `cancel_on_disconnect` existed and the first
/// with it, the setting on both sides.
///
/// `chat`'s clients leave 1 s after their request reached the backend (`--timeout-from arrival`): with the
/// original report's wall-clock client, a starved machine forwarded 6 of 10 requests after their clients had
/// left (INCONCLUSIVE, rightly) during `make stress-test`.
@Suite(.serialized, .enabled(if: endToEndEnabled, "set LAB_E2E=1 (make test does)"))
struct CompareTests {
    @Test func theFirstReleaseWithCancelOnDisconnectIsAProofOfFixForChatAndBreaksNoStream() throws {
        let runs = try temporaryFolder("compare")
        let (status, output) = try runProduct(
            "lab",
            [
                "compare", "--before", "1.89.7", "--after", "1.90.0", "--scenarios", "chat,chat-stream-mid",
                "--setting", "general_settings.cancel_on_disconnect=true", "--timeout-from", "arrival",
                "--backend-port", "0",
                "--proxy-port",
                "0", "--runs-dir", "lab-runs",
            ], in: runs)
        #expect(status == 0, "\(output)")
        #expect(lastLine(of: output) == "COMPARE: 1 of 2 scenarios improved (LEAK → PASS), none worse")
        let proof = try String(contentsOfFile: runs + "/lab-runs/latest/proof-of-fix.md", encoding: .utf8)
        #expect(proof.contains("| chat | LEAK 10/10 held | PASS | improved |"), "\(proof)")
        #expect(proof.contains("| chat-stream-mid | PASS | PASS | unchanged |"), "\(proof)")
        #expect(proof.contains("| litellm | 1.89.7 | 1.90.0 |"))
    }
}
