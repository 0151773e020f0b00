import Foundation
@testable import LabCore
import Testing

/// `lab report --finding` on what the real LiteLLM does: `cancel_on_disconnect` cancels a chat request whose
/// client left, but neither an image generation, a rerank nor a pass-through request on the same proxy
/// start; one scenario's write-up, and the three routes' as one.
@Suite(.serialized, .enabled(if: endToEndEnabled, "set LAB_E2E=1 (make test does)"))
struct FindingTests {
    static let cancel = "general_settings.cancel_on_disconnect=true"

    @Test func anImageGenerationLeaksWhereChatIsCancelledAndTheFindingSaysSo() throws {
        let runs = try temporaryFolder("finding")
        let (status, output) = try runProduct(
            "lab",
            [
                "matrix", "--versions", "1.110.2", "--scenarios", "chat,images,rerank,pass-through",
                "--setting",
                Self.cancel,
                "--proxy-port", "0", "--backend-port", "0", "--runs-dir", "lab-runs",
            ], in: runs)
        #expect(status == 0, "\(output)")
        let row = try #require(output.split(separator: "\n").first { $0.hasPrefix("1.110.2") })
        #expect(
            row.split(separator: " ").dropFirst() == ["PASS", "LEAK", "LEAK", "LEAK"],
            "chat cancelled, images, rerank and pass-through not: \(row)")

        let (findingStatus, findingOutput) = try runProduct(
            "lab", ["report", "--finding", "images", "--setting", Self.cancel, "--runs-dir", "lab-runs"],
            in: runs)
        #expect(findingStatus == 0, "\(findingOutput)")
        let finding = try String(contentsOfFile: runs + "/lab-runs/report/finding-images.md", encoding: .utf8)
        #expect(
            finding.hasPrefix(
                "# /v1/images/generations keeps upstream requests open after the client disconnects, with "
                    + "\(Self.cancel) (LiteLLM 1.110.2)"), "\(finding)")
        #expect(
            finding.contains("as the same proxy does for `chat` in the same start (chat: PASS"), "\(finding)")
        #expect(finding.contains("cancel_on_disconnect: true"), "the smallest config carries the setting")
        #expect(finding.contains("model: \"openai/dall-e-3\""))
        #expect(finding.contains("lab run --litellm-version 1.110.2 --scenario images"), "\(finding)")
        #expect(
            finding.contains("curl -sS --max-time 3 -H \"Authorization: Bearer $LITELLM_MASTER_KEY\""),
            "by hand too")
        #expect(finding.contains("pip install -q --no-deps -r ../locks/litellm-1.110.2.txt"), "from the lock")
        #expect(finding.contains("| litellm | 1.110.2 |"), "the resolved packages")

        // The three routes the setting does not reach, as one write-up of their cause.
        let (causeStatus, causeOutput) = try runProduct(
            "lab",
            [
                "report", "--finding", "images,rerank,pass-through", "--setting", Self.cancel, "--runs-dir",
                "lab-runs",
            ], in: runs)
        #expect(causeStatus == 0, "\(causeOutput)")
        let cause = try String(
            contentsOfFile: runs + "/lab-runs/report/finding-images+rerank+pass-through.md", encoding: .utf8)
        #expect(
            cause.hasPrefix(
                "# 3 routes (/v1/images/generations, /v1/rerank and a pass-through route (pass_through_endpoints)) "
                    + "keep upstream requests open"), "\(cause)")
        for route in ["images", "rerank", "pass-through"] {
            #expect(cause.contains("| `\(route)` | "), "a row for \(route)")
        }
        #expect(cause.contains("as the same proxy does for `chat` in the same start (chat: PASS"), "\(cause)")
        #expect(
            cause.contains(
                "lab matrix --versions 1.110.2 --scenarios images,rerank,pass-through,chat --setting \(Self.cancel)"
            ))

        let (missingStatus, missingOutput) = try runProduct(
            "lab", ["report", "--finding", "chat", "--setting", Self.cancel, "--runs-dir", "lab-runs"],
            in: runs)
        #expect(missingStatus == 65, "chat did not leak: nothing to write up")
        #expect(missingOutput.contains("measured: 1.110.2 PASS"), "\(missingOutput)")
    }
}
