@testable import LabAPI
import Testing

/// Each streaming format reads its own content back: what the load client counts as tokens received.
@Suite struct StreamContentTests {
    private let call = APICall(
        requestID: 1, created: 0, body: APICall.Body(json: Array(#"{"model":"m","stream":true}"#.utf8))!)

    @Test(arguments: streamingEndpoints)
    func onlyTheTokenEventsCarryContentAndTogetherTheyAreTheAnswer(endpoint: APIEndpoint) throws {
        let format = try #require(endpoint.format as? any StreamingAPIFormat)
        var stream = EventStream(format: format, call: call, answerTokens: 4)
        let opening = stream.opening()
        let tokens = (0..<4).map { _ in stream.nextToken() }
        let closing = stream.rest()
        #expect((opening + closing).allSatisfy { format.content(of: $0) == nil })
        #expect(tokens.compactMap { format.content(of: $0) }.joined() == "The fake backend streams")
    }

    @Test func chatContentIsTheDeltaTextWhateverElseTheChunkCarries() {
        let format = ChatCompletionsFormat()
        let proxied = SSEEvent(
            data: #"{"choices":[{"index":0,"delta":{"content":"Hi","role":"assistant"}}]}"#)
        #expect(format.content(of: proxied) == "Hi")
        #expect(format.content(of: SSEEvent(data: #"{"choices":[{"delta":{"content":null}}]}"#)) == nil)
        #expect(format.content(of: SSEEvent(data: "[DONE]")) == nil)
        #expect(format.content(of: SSEEvent(data: "not json")) == nil)
    }

    @Test func namedEventsAreReadByTheTypeInTheirDataNotByTheEventLine() {
        let messages = SSEEvent(
            data: #"{"type":"content_block_delta","delta":{"type":"text_delta","text":"é"}}"#)
        #expect(MessagesFormat().content(of: messages) == "é")
        let responses = SSEEvent(data: #"{"type":"response.output_text.delta","delta":"x"}"#)
        #expect(ResponsesFormat().content(of: responses) == "x")
        #expect(
            ResponsesFormat().content(of: SSEEvent(data: #"{"type":"response.output_text.done","text":"x"}"#))
                == nil)
    }
}
