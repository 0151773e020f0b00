import Foundation
@testable import LabAPI
import Testing

import LabTestSupport

@Suite struct StreamFormatTests {
    @Test(arguments: streamingEndpoints)
    func streamParsesAsServerSentEventsEndingWithTheAPIsTerminalEvent(endpoint: APIEndpoint) throws {
        let backend = try TestBackend(hold: .milliseconds(20))
        let client = try LoopbackClient(port: backend.port)
        client.send(apiRequest(endpoint, stream: true))
        let answer = client.receiveStream()

        let head = try #require(answer.head)
        #expect(head.status.code == 200)
        #expect(head.headers["Content-Type"]?.hasPrefix("text/event-stream") == true)
        #expect(head.headers["Transfer-Encoding"] == "chunked")
        #expect(answer.ended)
        let terminal = try #require(terminalEvents[endpoint])
        #expect((answer.events.last?.name ?? answer.events.last?.data) == terminal)
        // Every event but OpenAI's `[DONE]` is one JSON object; named events carry their name as `type`.
        #expect(answer.objects.count == answer.events.count - (terminal == "[DONE]" ? 1 : 0))
        for (event, object) in zip(answer.events, answer.objects) where event.name != nil {
            #expect(object["type"] as? String == event.name)
        }
        let stats = try backend.stats { $0.completed == 1 }
        #expect(stats.streamedChunks == answer.events.count)
        #expect(stats.streamedBytes == answer.bodyWireBytes)
        #expect(stats.isConsistent)
    }

    @Test func chatStreamIsRoleChunkThenContentThenStopThenDone() throws {
        let answer = try streamed(.chat)
        let objects = answer.objects
        #expect(objects.allSatisfy { $0["object"] as? String == "chat.completion.chunk" })
        let deltas = objects.compactMap {
            (($0["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any])
        }
        #expect(deltas.first?["role"] as? String == "assistant")
        let text = deltas.compactMap { $0["content"] as? String }.joined()
        #expect(text == "The fake backend streams this answer one word at a time.")
        #expect((objects.last?["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String == "stop")
        #expect(answer.events.last?.data == "[DONE]")
    }

    @Test func completionsStreamIsTextCompletionChunksThenDone() throws {
        let answer = try streamed(.completions)
        #expect(answer.objects.allSatisfy { $0["object"] as? String == "text_completion" })
        let texts = answer.objects.compactMap {
            ($0["choices"] as? [[String: Any]])?.first?["text"] as? String
        }
        #expect(texts.joined() == "The fake backend streams this answer one word at a time.")
    }

    @Test func responsesStreamNumbersItsEventsAndItsDoneTextIsTheDeltasJoined() throws {
        let answer = try streamed(.responses)
        let names = answer.events.compactMap(\.name)
        #expect(
            Array(names.prefix(4)) == [
                "response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added",
            ])
        #expect(
            Array(names.suffix(4)) == [
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.completed",
            ])
        #expect(answer.objects.map { $0["sequence_number"] as? Int } == answer.objects.indices.map { $0 })
        let deltas = answer.objects.filter { $0["type"] as? String == "response.output_text.delta" }
            .compactMap { $0["delta"] as? String }
        let done = answer.objects.first { $0["type"] as? String == "response.output_text.done" }
        #expect(done?["text"] as? String == deltas.joined())
        let completed = try #require(answer.objects.last?["response"] as? [String: Any])
        #expect(completed["status"] as? String == "completed")
        #expect((completed["usage"] as? [String: Any])?["output_tokens"] as? Int == deltas.count)
    }

    @Test func messagesStreamFollowsAnthropicsEventOrder() throws {
        let answer = try streamed(.messages)
        let names = answer.events.compactMap(\.name)
        #expect(names.first == "message_start" && names.dropFirst().first == "content_block_start")
        #expect(Array(names.suffix(3)) == ["content_block_stop", "message_delta", "message_stop"])
        let deltas = answer.objects.filter { $0["type"] as? String == "content_block_delta" }
        #expect(deltas.allSatisfy { ($0["delta"] as? [String: Any])?["type"] as? String == "text_delta" })
        let messageDelta = answer.objects.first { $0["type"] as? String == "message_delta" }
        #expect((messageDelta?["usage"] as? [String: Any])?["output_tokens"] as? Int == deltas.count)
        #expect((messageDelta?["delta"] as? [String: Any])?["stop_reason"] as? String == "end_turn")
    }

    @Test func streamOptionsIncludeUsageAddsAUsageChunkBeforeDone() throws {
        let body = #"{"model":"gpt-4o","messages":[],"stream":true,"stream_options":{"include_usage":true}}"#
        let answer = try streamed(.chat, body: body)
        let usageChunk = try #require(answer.objects.last)
        #expect((usageChunk["choices"] as? [Any])?.isEmpty == true)
        #expect(
            (usageChunk["usage"] as? [String: Any])?["completion_tokens"] as? Int
                == AnswerText.deltasPerAnswer)
        #expect(answer.events.last?.data == "[DONE]")
    }

    @Test func aCompletedStreamKeepsTheConnectionForTheNextRequest() throws {
        let backend = try TestBackend(hold: .milliseconds(10))
        let client = try LoopbackClient(port: backend.port)
        client.send(apiRequest(.chat, stream: true) + apiRequest(.messages, stream: true))
        let responses = try client.readResponses(2)
        #expect(responses.map(\.head.status.code) == [200, 200])
        let stats = try backend.stats()
        #expect(stats.completed == 2 && stats.isConsistent)
    }

    private func streamed(_ endpoint: APIEndpoint, body: String? = nil) throws -> StreamedAnswer {
        let backend = try TestBackend(hold: .milliseconds(10))
        let client = try LoopbackClient(port: backend.port)
        client.send(apiRequest(endpoint, stream: true, body: body))
        let answer = client.receiveStream()
        try #require(answer.ended)
        return answer
    }
}
