import Foundation
import Synchronization
import Testing

@testable import LeakLab
import LabTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Each client behaviour against the real backend on loopback: serialized, so timing bounds stay meaningful.
@Suite(.serialized) struct ClientBehaviourTests {
    @Test func aResetAtTheTimeoutIsCountedAsClientClosed() throws {
        let backend = try TestBackend()
        let summary = try LoadClient.run(
            LoadPlan(target: backend.chatURL, requests: 10, timeout: .milliseconds(200), behaviour: .reset))

        #expect(summary.sent == 10 && summary.reset == 10 && summary.timedOut == 0 && summary.abandoned == 10)
        #expect(summary.behaviour == "reset" && summary.otherErrors.isEmpty)
        #expect(summary.firstHangUpAt != nil && summary.lastHangUpAt != nil)
        let stats = try backend.stats { $0.clientClosed == 10 }
        #expect(stats.clientClosed == 10 && stats.active == 0 && stats.isConsistent)
    }

    @Test func resetAbortsTheConnectionSoThePeerSeesARST() throws {
        let listener = try Socket.listen(host: "127.0.0.1", port: 0)
        defer { close(listener) }
        let target = try HTTPURL(
            parsing: "http://127.0.0.1:\(try SocketAddress.local(of: listener).port)/v1/chat/completions")
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            _ = try? LoadClient.run(
                LoadPlan(target: target, requests: 1, timeout: .milliseconds(200), behaviour: .reset))
            done.signal()
        }
        thread.start()
        var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        try #require(poll(&entry, 1, 5_000) == 1)
        let connection = accept(listener, nil, nil)
        defer { close(connection) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var result = 0
        repeat { result = recv(connection, &buffer, buffer.count, 0) } while result > 0
        let code = errno
        done.wait()
        #expect(result == -1 && code == ECONNRESET)
    }

    @Test func afterChunksLeavesEachStreamAfterExactlyKEvents() throws {
        let backend = try TestBackend(
            behaviour: .midStream,
            timeline: .init(timeToFirstToken: .milliseconds(30), tokenInterval: .milliseconds(30)))
        let plan = LoadPlan(
            target: backend.url(.chat), requests: 5, timeout: .seconds(10), stream: true,
            behaviour: .afterChunks(3))
        let summary = try LoadClient.run(plan)

        #expect(summary.leftAfterChunks == 5 && summary.timedOut == 0 && summary.abandoned == 5)
        #expect(summary.chunksReceived == 15)
        #expect(summary.behaviour == "after-chunks 3" && summary.stream)
        // Three events 30 ms apart: the client leaves long before its 10 s timeout.
        #expect(try #require(summary.lastHangUpAt) - summary.startedAt < 5)
        let stats = try backend.stats { $0.clientClosed == 5 }
        #expect(stats.clientClosed == 5 && stats.isConsistent)
        // The backend wrote the K events read, at most one more in flight when the client closed.
        #expect(try backend.records().allSatisfy { (3...4).contains($0.chunks) })
    }

    @Test func afterChunksHangsUpAtTheTimeoutWhenFewerEventsArrive() throws {
        let backend = try TestBackend(behaviour: .head)
        let plan = LoadPlan(
            target: backend.url(.messages), requests: 3, timeout: .milliseconds(300), endpoint: .messages,
            stream: true, behaviour: .afterChunks(2))
        let summary = try LoadClient.run(plan)

        #expect(summary.timedOut == 3 && summary.leftAfterChunks == 0 && summary.chunksReceived == 0)
        let stats = try backend.stats { $0.clientClosed == 3 }
        #expect(stats.clientClosed == 3 && stats.isConsistent)
    }

    @Test(arguments: APIEndpoint.allCases)
    func aStreamAnsweredInFullCountsEveryEventReceived(endpoint: APIEndpoint) throws {
        let backend = try TestBackend(hold: .milliseconds(10))
        let summary = try LoadClient.run(
            LoadPlan(
                target: backend.url(endpoint), requests: 3, timeout: .seconds(5), endpoint: endpoint,
                stream: true))

        #expect(summary.answered == ["200": 3] && summary.otherErrors.isEmpty)
        let stats = try backend.stats { $0.completed == 3 }
        #expect(summary.chunksReceived == stats.streamedChunks)
        #expect((endpoint == .embeddings) == (summary.chunksReceived == 0))
        #expect(stats.isConsistent)
    }
}

@Suite(.serialized) struct LoadRequestBodyTests {
    @Test(arguments: APIEndpoint.allCases)
    func eachEndpointSendsItsOwnBodyWithTheModel(endpoint: APIEndpoint) throws {
        let request = try sentRequest(
            LoadPlan(target: placeholder, endpoint: endpoint, stream: true, model: "lab-model"))
        let body = try #require(request.split(separator: "\r\n\r\n", maxSplits: 1).last)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(json["model"] as? String == "lab-model")
        #expect((json["stream"] as? Bool == true) == (endpoint != .embeddings))
        let field: String =
            switch endpoint {
            case .chat, .messages: "messages"
            case .completions: "prompt"
            case .embeddings, .responses: "input"
            }
        #expect(json[field] != nil)
        #expect(request.hasPrefix("POST \(endpoint.path) HTTP/1.1\r\n"))
    }

    @Test func messagesSendsMaxTokensTheAnthropicVersionAndTheKeyAsXAPIKey() throws {
        let request = try sentRequest(LoadPlan(target: placeholder, apiKey: "sk-lab", endpoint: .messages))
        #expect(request.contains("\r\nanthropic-version: 2023-06-01\r\n"))
        #expect(request.contains("\r\nx-api-key: sk-lab\r\n"))
        #expect(request.contains(#""max_tokens":1024"#))
        #expect(request.contains(#""model":"claude-3-5-sonnet-20241022""#))
    }

    private let placeholder = HTTPURL(host: "127.0.0.1", port: 1, path: "/")

    /// Sends `plan`'s one request to a listener at the endpoint's path and returns what arrived.
    private func sentRequest(_ plan: LoadPlan) throws -> String {
        let listener = try RawListener(connections: 1, reply: "HTTP/1.1 204 No Content\r\n\r\n")
        var plan = plan
        plan.requests = 1
        plan.timeout = .seconds(5)
        plan.target = HTTPURL(host: "127.0.0.1", port: listener.port, path: plan.endpoint.path)
        _ = try LoadClient.run(plan)
        listener.finish()
        return try #require(listener.requests.first)
    }
}
