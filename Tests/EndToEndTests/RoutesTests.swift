import Foundation
import Testing

/// `lab routes` asks the installed proxy's own application what it serves, so that an unmeasured route is
/// said, not silently absent.
@Suite(.serialized, .enabled(if: endToEndEnabled, "set LAB_E2E=1 (make test does)"))
struct RoutesTests {
    @Test func theCensusOf1_110_2NamesWhatIsMeasuredAndWhatIsNotWithWhy() throws {
        let (status, output) = try runProduct(
            "lab", ["routes", "--litellm-version", "1.110.2"], in: try temporaryFolder("routes"))
        #expect(status == 0, "\(output)")
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("POST /v1/messages ") && $0.contains("measured: messages") })
        #expect(
            lines.contains {
                $0.contains("POST /chat/completions ") && $0.contains("measured through /v1/chat/completions")
            })
        #expect(
            lines.contains {
                $0.contains("POST /queue/chat/completions ") && $0.contains("measured: chat-queue")
            })
        #expect(
            lines.contains {
                $0.contains("websocket /v1/realtime ") && $0.contains("measured: realtime")
            })
        #expect(
            lines.contains {
                $0.contains("websocket /v1/live/sessions ") && $0.contains("not measured: a websocket")
            })
        #expect(
            lines.contains {
                $0.contains("/vertex_ai/{endpoint:path}") && $0.contains("a provider pass-through")
            })
        #expect(
            lines.contains { $0.contains("POST /v1/images/edits ") && $0.contains("measured: images-edits") })
        #expect(lines.contains { $0.contains("POST /v1/files ") && $0.contains("measured: files-upload") })
        #expect(lines.contains { $0.contains("POST /v1/rag/query ") && $0.contains("measured: rag-query") })
        #expect(
            lines.contains {
                $0.contains("POST /mcp-rest/tools/call ") && $0.contains("measured: mcp-tool-call")
            })
        #expect(
            lines.contains {
                $0.contains("POST /v1/threads/{thread_id}/runs ") && $0.contains("measured: assistants-run")
            })
        #expect(
            lines.contains { $0.contains("POST /v1/batches ") && $0.contains("measured: batches-create") })
        #expect(
            lines.contains {
                $0.contains(" /vllm/{endpoint:path} ") && $0.contains("measured: provider-pass-through-vllm")
            })
        // A provider pass-through says where its host comes from: a variable the lab could set, or its handler.
        #expect(lines.contains { $0.contains(" /cohere/{endpoint:path} ") && $0.contains("COHERE_API_BASE") })
        #expect(
            lines.contains {
                $0.contains(" /bedrock/{endpoint:path} ") && $0.contains("hard-wired in its handler")
            })
        // Admin routes are counted, not listed.
        #expect(!lines.contains { $0.contains("/key/generate") })
        let summary = try #require(lines.last)
        let numbers = summary.split { !$0.isNumber }.compactMap { Int($0) }
        #expect(summary.hasPrefix("upstream routes measured: "), "\(summary)")
        #expect(numbers.count >= 2 && numbers[0] >= 10 && numbers[1] > numbers[0], "\(summary)")
    }
}
