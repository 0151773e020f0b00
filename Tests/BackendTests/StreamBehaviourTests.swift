import Foundation
import Testing

@testable import LeakLab
import LabTestSupport

/// Each backend behaviour on loopback with the real backend: serialized, so the timing bounds stay meaningful.
@Suite(.serialized) struct StreamBehaviourTests {
    @Test func silentSendsNoByteBeforeTheHoldEndsThenTheWholeStream() throws {
        let backend = try TestBackend(hold: .milliseconds(600), behaviour: .silent)
        let client = try RawClient(port: backend.port)
        client.send(apiRequest(.chat, stream: true))
        #expect(client.receive(for: 0.4).isEmpty)
        #expect(try backend.stats().active == 1)

        let answer = client.receiveStream()
        #expect(answer.ended && answer.events.last?.data == "[DONE]")
        let stats = try backend.stats { $0.completed == 1 }
        #expect(stats.completed == 1 && stats.streamedChunks == answer.events.count && stats.isConsistent)
    }

    @Test func headersSendsExactlyTheResponseHeadThenSilence() throws {
        let backend = try TestBackend(behaviour: .headers)
        let client = try RawClient(port: backend.port)
        client.send(apiRequest(.messages, stream: true))
        let received = client.receive(for: 0.4)
        let text = String(decoding: received, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(text.contains("\r\nContent-Type: text/event-stream; charset=utf-8\r\n"))
        #expect(text.contains("\r\nTransfer-Encoding: chunked\r\n"))
        #expect(text.hasSuffix("\r\n\r\n") && text.components(separatedBy: "\r\n\r\n").count == 2)
        let stats = try backend.stats()
        #expect(
            stats.active == 1 && stats.streamedChunks == 0 && stats.streamedBytes == 0 && stats.isConsistent)
    }

    @Test(arguments: streamingEndpoints)
    func oneChunkSendsTheHeadAndExactlyOneEventThenSilence(endpoint: APIEndpoint) throws {
        let backend = try TestBackend(behaviour: .oneChunk)
        let client = try RawClient(port: backend.port)
        client.send(apiRequest(endpoint, stream: true))
        let answer = StreamedAnswer(client.receive(for: 0.4))
        #expect(answer.head?.status.code == 200)
        #expect(answer.events.count == 1 && !answer.ended)
        let stats = try backend.stats()
        #expect(stats.streamedChunks == 1 && stats.streamedBytes == answer.bodyWireBytes)
        #expect(stats.active == 1 && stats.isConsistent)
    }

    @Test func trickleSendsAboutOneEventPerInterval() throws {
        let backend = try TestBackend(behaviour: .trickle, trickleInterval: .milliseconds(50))
        let client = try RawClient(port: backend.port)
        client.send(apiRequest(.chat, stream: true))
        let answer = StreamedAnswer(client.receive(for: 1.0))
        // 20 intervals in 1 s; a loaded machine delays ticks but never sends more than one per interval.
        #expect((12...21).contains(answer.events.count), "\(answer.events.count) events in 1 s")
        let stats = try backend.stats()
        #expect(abs(stats.streamedChunks - answer.events.count) <= 1)
        #expect(stats.active == 1 && stats.isConsistent)
    }

    @Test func trickleEndsWithTheClosingEventsAndCountsEveryByteWritten() throws {
        let backend = try TestBackend(
            hold: .milliseconds(300), behaviour: .trickle, trickleInterval: .milliseconds(20))
        let client = try RawClient(port: backend.port)
        client.send(apiRequest(.responses, stream: true))
        let answer = client.receiveStream()
        #expect(answer.ended && answer.events.last?.name == "response.completed")
        let record = try #require(try backend.records().first)
        #expect(record.outcome == .completed && record.stream)
        #expect(record.chunks == answer.events.count && record.bytes == answer.bodyWireBytes)
        let stats = try backend.stats()
        #expect(
            stats.streamedChunks == record.chunks && stats.streamedBytes == record.bytes && stats.isConsistent
        )
    }

    @Test func aClientLeavingMidTrickleIsCountedAtOnceAndTheBackendStopsWriting() throws {
        let backend = try TestBackend(behaviour: .trickle, trickleInterval: .milliseconds(20))
        let client = try RawClient(port: backend.port)
        client.send(apiRequest(.chat, stream: true))
        let answer = StreamedAnswer(client.receive(for: 5) { StreamedAnswer($0).events.count >= 3 })
        #expect(answer.events.count >= 3)
        client.close()

        let released = try #require(try backend.secondsUntil { $0.clientClosed == 1 })
        #expect(released < 0.1)
        let atRelease = try backend.stats()
        Thread.sleep(forTimeInterval: 0.2)
        let later = try backend.stats()
        #expect(
            later.streamedChunks == atRelease.streamedChunks && later.streamedBytes == atRelease.streamedBytes
        )
        #expect(later.active == 0 && later.completed == 0 && later.isConsistent)
        let record = try #require(try backend.records().first)
        #expect(record.outcome == .clientClosed && record.chunks == later.streamedChunks)
    }

    @Test func aNonStreamRequestUnderTrickleIsHeldThenAnsweredAsJSON() throws {
        let backend = try TestBackend(
            hold: .milliseconds(300), behaviour: .trickle, trickleInterval: .milliseconds(20))
        let client = try RawClient(port: backend.port)
        client.send(apiRequest(.chat, stream: false))
        #expect(client.receive(for: 0.15).isEmpty)
        let response = try #require(try client.readResponses(1).first)
        #expect(response.head.headers["Content-Type"] == "application/json")
        let stats = try backend.stats()
        #expect(stats.completed == 1 && stats.streamedChunks == 0 && stats.isConsistent)
    }
}
