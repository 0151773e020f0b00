import Foundation
@testable import LabAPI
@testable import LabBackend
import Testing

import LabTestSupport

/// Each stall point in each streaming format on loopback with the real backend: exactly the events its name
/// promises go on the wire, then nothing. Waits are for conditions; the only fixed windows check that
/// nothing more arrives, and a slow machine can only make them lenient, never failing.
@Suite(.serialized) struct StreamBehaviourTests {
    /// Fast, so tests run quickly: the first token after 20 ms, then one every 10 ms, 5 in an answer.
    static let timeline = FakeBackend.Configuration.StreamTimeline(
        timeToFirstToken: .milliseconds(20), tokenInterval: .milliseconds(10), tokens: 5)
    /// Fifteen token intervals: long enough for a stream that should be silent to show it is not.
    static let quietWindow = 0.15

    @Test(arguments: streamingEndpoints)
    func queuedSendsNotEvenTheHead(endpoint: APIEndpoint) throws {
        let (backend, client) = try held(endpoint, .queued)
        #expect(client.receive(for: Self.quietWindow).isEmpty)
        let stats = try backend.stats()
        #expect(
            stats.active == 1 && stats.streamedChunks == 0 && stats.streamedBytes == 0 && stats.isConsistent)
    }

    @Test(arguments: streamingEndpoints)
    func headSendsExactlyTheResponseHeadThenNothing(endpoint: APIEndpoint) throws {
        let (backend, client) = try held(endpoint, .head)
        let text = String(decoding: client.receive(for: Self.quietWindow), as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(text.contains("\r\nContent-Type: text/event-stream; charset=utf-8\r\n"))
        #expect(text.contains("\r\nTransfer-Encoding: chunked\r\n"))
        #expect(text.hasSuffix("\r\n\r\n") && text.components(separatedBy: "\r\n\r\n").count == 2)
        let stats = try backend.stats()
        #expect(
            stats.active == 1 && stats.streamedChunks == 0 && stats.streamedBytes == 0 && stats.isConsistent)
    }

    @Test(arguments: streamingEndpoints)
    func openingSendsTheAPIsOpeningEventsThenNothing(endpoint: APIEndpoint) throws {
        let (backend, client) = try held(endpoint, .opening)
        let answer = StreamedAnswer(client.receive(for: Self.quietWindow))
        #expect(answer.head?.status.code == 200 && !answer.ended)
        #expect(answer.events.map(\.name) == openingEvents(endpoint).map(\.name))
        #expect(answer.contents(endpoint).isEmpty)
        try expectCounted(answer, by: backend)
    }

    @Test(arguments: streamingEndpoints)
    func firstTokenSendsTheOpeningAndOneTokenThenNothing(endpoint: APIEndpoint) throws {
        let (backend, client) = try held(endpoint, .firstToken)
        let opening = openingEvents(endpoint).count
        let first = StreamedAnswer(client.receive(for: 5) { StreamedAnswer($0).events.count > opening })
        let answer = StreamedAnswer(first.raw + client.receive(for: Self.quietWindow))
        #expect(answer.events.count == opening + 1 && !answer.ended)
        #expect(answer.events.prefix(opening).map(\.name) == openingEvents(endpoint).map(\.name))
        #expect(answer.contents(endpoint) == ["The"])
        try expectCounted(answer, by: backend)
    }

    @Test(arguments: streamingEndpoints)
    func midStreamKeepsSendingTokensAfterTheOpeningPastTheAnswerLength(endpoint: APIEndpoint) throws {
        let (backend, client) = try held(endpoint, .midStream)
        let opening = openingEvents(endpoint).count
        let wanted = opening + Self.timeline.tokens + 3
        let answer = StreamedAnswer(client.receive(for: 10) { StreamedAnswer($0).events.count >= wanted })
        #expect(answer.events.count >= wanted && !answer.ended)
        let format = try #require(endpoint.format as? any StreamingAPIFormat)
        #expect(answer.events.prefix(opening).allSatisfy { format.content(of: $0) == nil })
        #expect(answer.events.dropFirst(opening).allSatisfy { format.content(of: $0) != nil })
        #expect(try backend.stats().active == 1)
    }

    @Test(arguments: streamingEndpoints)
    func anAnswerFollowsTheTimelineToItsClosingEventsWithinALongHold(endpoint: APIEndpoint) throws {
        let (backend, client) = try held(endpoint, .answer)
        let answer = client.receiveStream()
        #expect(answer.ended)
        let opening = openingEvents(endpoint).count
        #expect(answer.events.prefix(opening).map(\.name) == openingEvents(endpoint).map(\.name))
        #expect(answer.contents(endpoint) == ["The", " fake", " backend", " streams", " this"])
        #expect((answer.events.last?.name ?? answer.events.last?.data) == terminalEvents[endpoint])
        let record = try #require(try backend.records().first)
        #expect(record.outcome == .completed && record.chunks == answer.events.count)
        #expect(record.bytes == answer.bodyWireBytes)
    }

    @Test(arguments: [APIEndpoint.chat, .completions])
    func aCompletedStreamEndsWithUsageWhenStreamOptionsAskForIt(endpoint: APIEndpoint) throws {
        let body = #"{"model":"m","prompt":"x","stream":true,"stream_options":{"include_usage":true}}"#
        let (backend, client) = try held(endpoint, .answer, body: body)
        let answer = client.receiveStream()
        #expect(answer.ended && answer.events.last?.data == "[DONE]")
        let usage = try #require(answer.objects.last?["usage"] as? [String: Any])
        #expect(usage["completion_tokens"] as? Int == Self.timeline.tokens)
        #expect((answer.objects.last?["choices"] as? [Any])?.isEmpty == true)
        #expect(try backend.stats { $0.completed == 1 }.streamedChunks == answer.events.count)
    }

    @Test(arguments: streamingEndpoints)
    func aStallHeldUntilTheHoldEndsThenSendsTheRestOfTheAnswerAndItsClosing(endpoint: APIEndpoint) throws {
        let (backend, client) = try held(endpoint, .firstToken, hold: .milliseconds(200))
        let answer = client.receiveStream()
        #expect(answer.ended)
        #expect(answer.contents(endpoint).count == Self.timeline.tokens)
        #expect((answer.events.last?.name ?? answer.events.last?.data) == terminalEvents[endpoint])
        let stats = try backend.stats { $0.completed == 1 }
        #expect(stats.streamedChunks == answer.events.count && stats.streamedBytes == answer.bodyWireBytes)
    }

    @Test func aQueuedStreamGetsItsWholeStreamWhenTheHoldEnds() throws {
        let (backend, client) = try held(.chat, .queued, hold: .milliseconds(100))
        let answer = client.receiveStream()
        #expect(answer.ended && answer.events.last?.data == "[DONE]")
        #expect(answer.contents(.chat).count == Self.timeline.tokens)
        let stats = try backend.stats { $0.completed == 1 }
        #expect(stats.streamedChunks == answer.events.count && stats.isConsistent)
    }

    @Test func aClientLeavingMidStreamIsCountedAndTheBackendStopsWriting() throws {
        let (backend, client) = try held(.chat, .midStream)
        let answer = StreamedAnswer(client.receive(for: 5) { StreamedAnswer($0).events.count >= 4 })
        #expect(answer.events.count >= 4)
        client.close()

        let atRelease = try backend.stats { $0.clientClosed == 1 }
        #expect(atRelease.clientClosed == 1 && atRelease.active == 0)
        _ = client.receive(for: Self.quietWindow)
        let later = try backend.stats()
        #expect(
            later.streamedChunks == atRelease.streamedChunks && later.streamedBytes == atRelease.streamedBytes
        )
        #expect(later.completed == 0 && later.isConsistent)
        let record = try #require(try backend.records().first)
        #expect(record.outcome == .clientClosed && record.chunks == later.streamedChunks)
        #expect(record.chunks >= answer.events.count)
    }

    @Test func aNonStreamRequestUnderMidStreamIsHeldThenAnsweredAsJSON() throws {
        let backend = try TestBackend(
            hold: .milliseconds(300), behaviour: .midStream, timeline: Self.timeline)
        let client = try LoopbackClient(port: backend.port)
        client.send(apiRequest(.chat, stream: false))
        // The hold starts after the request arrives, so nothing can come within the first 150 ms.
        #expect(client.receive(for: 0.15).isEmpty)
        let response = try #require(try client.readResponses(1).first)
        #expect(response.head.headers["Content-Type"] == "application/json")
        let stats = try backend.stats()
        #expect(stats.completed == 1 && stats.streamedChunks == 0 && stats.isConsistent)
    }

    /// A backend stalling at `behaviour` on the fast timeline, and a client whose stream request it holds.
    private func held(
        _ endpoint: APIEndpoint, _ behaviour: BackendBehaviour, hold: Duration = .seconds(3600),
        body: String? = nil
    ) throws -> (TestBackend, LoopbackClient) {
        let backend = try TestBackend(hold: hold, behaviour: behaviour, timeline: Self.timeline)
        let client = try LoopbackClient(port: backend.port)
        client.send(apiRequest(endpoint, stream: true, body: body))
        return (backend, client)
    }

    /// The backend counted exactly what arrived: one chunk per event, every body byte.
    private func expectCounted(_ answer: StreamedAnswer, by backend: TestBackend) throws {
        let stats = try backend.stats()
        #expect(stats.streamedChunks == answer.events.count && stats.streamedBytes == answer.bodyWireBytes)
        #expect(stats.active == 1 && stats.isConsistent)
    }
}
