import Foundation
@testable import LabBackend
@testable import LabCore
@testable import LabLoad
import Testing

import LabTestSupport
@testable import LabRecords

@Suite struct HeldRequestCountingTests {
    /// How fast is `make bench`'s business (close detection p99); this says that every hang-up is counted.
    @Test func releasesEveryHeldRequestWhenItsPeerHangsUp() throws {
        let backend = try TestBackend()
        let clients = try (0..<10).map { _ in try LoopbackClient(port: backend.port) }
        for client in clients { client.send(chatRequest) }
        #expect(try backend.reaches { $0.active == 10 })

        for client in clients { client.close() }
        #expect(try backend.reaches { $0.active == 0 })
        let stats = try backend.stats()
        #expect(stats.started == 10)
        #expect(stats.clientClosed == 10)
        #expect(stats.completed == 0)
    }

    @Test func countsAnAnsweredRequestAsCompletedWithAValidChatCompletion() throws {
        let backend = try TestBackend(hold: .milliseconds(50))
        let client = try LoopbackClient(port: backend.port)
        client.send(chatRequest)
        let response = try #require(try client.readResponses(1).first)
        #expect(response.head.status.code == 200)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        #expect(json["object"] as? String == "chat.completion")
        #expect(json["model"] as? String == "gpt-4o")
        let choices = try #require(json["choices"] as? [[String: Any]])
        let message = try #require(choices.first?["message"] as? [String: Any])
        #expect(message["role"] as? String == "assistant")
        #expect((message["content"] as? String)?.isEmpty == false)
        #expect(choices.first?["finish_reason"] as? String == "stop")

        let stats = try backend.stats()
        #expect(stats.completed == 1 && stats.active == 0 && stats.clientClosed == 0)
    }

    @Test func keepsTheConnectionForTheNextRequestAfterAnAnswer() throws {
        let backend = try TestBackend(hold: .milliseconds(10))
        let client = try LoopbackClient(port: backend.port)
        client.send(chatRequest + chatRequest)
        let responses = try client.readResponses(2)
        #expect(responses.map(\.head.status.code) == [200, 200])
        #expect(try backend.stats().completed == 2)
    }

    @Test func controlRequestsAreNeverCounted() throws {
        let backend = try TestBackend()
        let client = try LoopbackClient(port: backend.port)
        client.send(
            "GET /health HTTP/1.1\r\nHost: t\r\n\r\nGET /metrics HTTP/1.1\r\nHost: t\r\n\r\nGET /requests HTTP/1.1\r\nHost: t\r\n\r\n"
        )
        let responses = try client.readResponses(3)
        #expect(responses.allSatisfy { $0.head.status.code == 200 })
        let stats = try backend.stats()
        #expect(stats.started == 0 && stats.rejected == 0)
    }

    @Test func recordsEachRequestWithHowItEnded() throws {
        let backend = try TestBackend()
        let client = try LoopbackClient(port: backend.port)
        client.send(chatRequest)
        #expect(try backend.reaches { $0.active == 1 })
        client.close()
        #expect(try backend.reaches { $0.active == 0 })
        let response = try HTTPFetch.get(backend.base.appending(path: "/requests"))
        let records = try JSONCoding.decode([RequestRecord].self, from: Data(response.body))
        #expect(records.count == 1)
        #expect(records.first?.outcome == .clientClosed)
        #expect(records.first?.path == "/v1/chat/completions")
        #expect((records.first?.endedAt ?? 0) >= (records.first?.startedAt ?? 1))
    }

    @Test func metricsAreServedInPrometheusFormat() throws {
        let backend = try TestBackend()
        let response = try HTTPFetch.get(backend.base.appending(path: "/metrics"))
        #expect(response.head.headers["Content-Type"] == PrometheusText.contentType)
        #expect(String(decoding: response.body, as: UTF8.self).contains("fake_backend_active_requests 0\n"))
    }
}
