@testable import LabCore
@testable import LabEventLoop
@testable import LabLoad
@testable import LabWire
import Testing

import LabTestSupport
@testable import LabRecords

#if canImport(Glibc)
    import Glibc
#endif

/// Real loopback traffic against a real backend, one test at a time (two of them fire a thousand requests).
@Suite(.serialized) struct LoadClientTests {
    @Test func hangsUpEveryHeldRequestAtItsTimeoutAndTheBackendSeesEachHangUp() throws {
        let backend = try TestBackend(hold: .seconds(3600))
        let summary = try LoadClient.run(
            LoadPlan(target: backend.chatURL, requests: 10, timeout: .milliseconds(200)))

        #expect(summary.requests == 10)
        #expect(summary.sent == 10)
        #expect(summary.timedOut == 10)
        #expect(summary.answered.isEmpty)
        #expect(summary.connectErrors == 0)
        #expect(summary.otherErrors.isEmpty)

        let stats = try backend.stats { $0.clientClosed == 10 }
        #expect(stats.started == 10)
        #expect(stats.clientClosed == 10)
        #expect(stats.completed == 0)
        #expect(stats.active == 0)
    }

    @Test func countsRequestsAnsweredBeforeTheTimeoutByStatus() throws {
        let backend = try TestBackend(hold: .milliseconds(10))
        let summary = try LoadClient.run(
            LoadPlan(target: backend.chatURL, requests: 20, timeout: .seconds(2)))

        #expect(summary.sent == 20)
        #expect(summary.answered == ["200": 20])
        #expect(summary.timedOut == 0)
        #expect(summary.lastHangUpAt == nil)
        #expect(summary.otherErrors.isEmpty)

        let stats = try backend.stats { $0.completed == 20 }
        #expect(stats.started == 20)
        #expect(stats.completed == 20)
        #expect(stats.clientClosed == 0)
    }

    /// Refusals end the run: were the client to wait for the timeout or the connect limit, the time limit
    /// would stop the test.
    @Test(.timeLimit(.minutes(1)))
    func countsEveryRequestAsAConnectErrorWhenNothingListens() throws {
        let refusing = try RefusingPort()
        let target = try HTTPURL(parsing: "http://127.0.0.1:\(refusing.port)/v1/chat/completions")
        var plan = LoadPlan(target: target, requests: 5, timeout: .seconds(3600))
        plan.connectTimeout = .seconds(3600)
        let summary = try LoadClient.run(plan)

        #expect(summary.connectErrors == 5)
        #expect(summary.sent == 0)
        #expect(summary.timedOut == 0)
        #expect(summary.answered.isEmpty)
        #expect(summary.firstSentAt == nil)
    }

    /// A listener that never accepts and has room for one waiting connection: the kernel drops the others'
    /// handshakes and retries them after a second, longer than their connect limit.
    @Test(.timeLimit(.minutes(1)))
    func aConnectNotMadeWithinItsLimitIsAConnectErrorNotAnAbandonedRequest() throws {
        let listener = try Socket.listen(host: "127.0.0.1", port: 0, backlog: 0)
        defer { close(listener) }
        let target = try HTTPURL(
            parsing: "http://127.0.0.1:\(try SocketAddress.local(of: listener).port)/v1/chat/completions")
        var plan = LoadPlan(target: target, requests: 5, timeout: .milliseconds(200))
        plan.connectTimeout = .milliseconds(200)
        let summary = try LoadClient.run(plan)

        #expect(summary.connectErrors >= 3, "\(summary.oneLine)")
        #expect(summary.timedOut == summary.sent, "only requests that went out were abandoned")
        #expect(summary.connectErrors + summary.timedOut == 5)
    }

    @Test func finishesAtOnceWithNoRequests() throws {
        let refusing = try RefusingPort()
        let target = try HTTPURL(parsing: "http://127.0.0.1:\(refusing.port)/v1/chat/completions")
        let summary = try LoadClient.run(LoadPlan(target: target, requests: 0, timeout: .seconds(30)))
        #expect(summary.sent == 0 && summary.timedOut == 0 && summary.connectErrors == 0)
        #expect(summary.finishedAt != nil)
    }

    @Test(.timeLimit(.minutes(1)))
    func aThousandAbandonedRequestsAreEachCountedOnceStartedAndOnceClosed() throws {
        let backend = try TestBackend(hold: .seconds(3600))
        let summary = try LoadClient.run(
            LoadPlan(target: backend.chatURL, requests: 1_000, timeout: .milliseconds(300)))

        #expect(summary.sent == 1_000)
        #expect(summary.timedOut == 1_000)
        #expect(summary.connectErrors == 0 && summary.otherErrors.isEmpty && summary.answered.isEmpty)

        let stats = try backend.stats { $0.clientClosed >= 1_000 || $0.started > 1_000 }
        #expect(stats.started == 1_000)
        #expect(stats.clientClosed == 1_000)
        #expect(stats.active == 0)
        #expect(stats.completed == 0)
    }

    /// A machine too busy to run the load's loop until well after its launch: the stall (a real one, since the
    /// loop's timers run on the kernel's monotonic clock) is the scenario, not a wait for something.
    /// With a connect limit shorter than the stall too, the loop meets the limit's timers before the
    /// readiness of connections the kernel made meanwhile: those are made, not failed.
    @Test(.timeLimit(.minutes(1)), arguments: [Duration.seconds(10), .milliseconds(100)])
    func everyRequestIsSentAndGetsItsWholeTimeoutEvenWhenTheLoopStartsAfterTheTimeout(
        connectTimeout: Duration
    ) throws {
        let backend = try TestBackend(hold: .seconds(3600))
        let timeout = Duration.milliseconds(300)
        var plan = LoadPlan(target: backend.chatURL, requests: 1_000, timeout: timeout)
        plan.connectTimeout = connectTimeout
        let launched = try LoadClient.launch(plan)
        PollingClock.system.sleep(until: LabClock.deadline(after: timeout * 2))
        let summary = try LoadClient.finish(launched)

        #expect(summary.sent == 1_000, "\(summary.oneLine)")
        #expect(summary.timedOut == 1_000)
        #expect(summary.connectErrors == 0 && summary.otherErrors.isEmpty && summary.answered.isEmpty)
        // The first hang-up came a whole timeout after the first request went out, not at once.
        let firstWait = try #require(summary.firstHangUpAt) - (try #require(summary.firstSentAt))
        #expect(firstWait >= timeout.seconds * 0.95)
        let stats = try backend.stats { $0.clientClosed >= 1_000 || $0.started > 1_000 }
        #expect(stats.started == 1_000)
        #expect(stats.clientClosed == 1_000)
    }

    @Test func timingFieldsAreOrderedAndTheHangUpComesAtTheTimeout() throws {
        let backend = try TestBackend(hold: .seconds(3600))
        let timeout = 0.3
        let summary = try LoadClient.run(
            LoadPlan(target: backend.chatURL, requests: 10, timeout: .milliseconds(300)))

        let firstSent = try #require(summary.firstSentAt)
        let lastSent = try #require(summary.lastSentAt)
        let lastHangUp = try #require(summary.lastHangUpAt)
        let finished = try #require(summary.finishedAt)
        #expect(summary.startedAt <= firstSent)
        #expect(firstSent <= lastSent)
        #expect(lastSent <= lastHangUp)
        #expect(lastHangUp <= finished)
        #expect(summary.timeoutSeconds == timeout)
        #expect(try #require(summary.launchWindowSeconds) >= 0)
        // Each deadline counts from when its request went out, after startedAt: never early.
        #expect(lastHangUp - summary.startedAt >= timeout * 0.95)
        #expect(lastHangUp - firstSent >= timeout * 0.95)
    }
}

@Suite(.serialized) struct LoadRequestWireTests {
    @Test func sendsTheAPIKeyAsABearerAuthorizationHeader() throws {
        let listener = try RawListener(connections: 1, reply: "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        let target = try HTTPURL(parsing: "http://127.0.0.1:\(listener.port)/v1/chat/completions")
        let summary = try LoadClient.run(
            LoadPlan(target: target, requests: 1, timeout: .seconds(5), apiKey: "sk-leak-lab-1234"))
        listener.finish()

        #expect(summary.answered == ["200": 1])
        let request = try #require(listener.requests.first)
        #expect(request.hasPrefix("POST /v1/chat/completions HTTP/1.1\r\n"))
        #expect(request.contains("\r\nAuthorization: Bearer sk-leak-lab-1234\r\n"))
        #expect(request.contains("\r\nHost: 127.0.0.1:\(listener.port)\r\n"))
        #expect(request.contains("\r\nContent-Type: application/json\r\n"))
        #expect(request.hasSuffix("\r\n\r\n" + LoadPlan.originalChatBody))
    }

    @Test func sendsNoAuthorizationHeaderWithoutAnAPIKey() throws {
        let listener = try RawListener(connections: 1, reply: "HTTP/1.1 204 No Content\r\n\r\n")
        let target = try HTTPURL(parsing: "http://127.0.0.1:\(listener.port)/v1/chat/completions")
        let summary = try LoadClient.run(LoadPlan(target: target, requests: 1, timeout: .seconds(5)))
        listener.finish()

        #expect(summary.answered == ["204": 1])
        let request = try #require(listener.requests.first)
        #expect(!request.lowercased().contains("authorization:"))
    }

    @Test func countsAConnectionClosedWithoutAnAnswerAsAFailure() throws {
        let listener = try RawListener(connections: 2, reply: nil)
        let target = try HTTPURL(parsing: "http://127.0.0.1:\(listener.port)/v1/chat/completions")
        let summary = try LoadClient.run(LoadPlan(target: target, requests: 2, timeout: .seconds(5)))
        listener.finish()

        #expect(summary.sent == 2)
        #expect(summary.otherErrors == ["closed without an answer": 2])
        #expect(summary.timedOut == 0 && summary.answered.isEmpty)
    }

    /// An answer as LiteLLM sends it when its call upstream raised, chunked as its server sends it.
    private static func serverError(_ message: String) -> String {
        let body = #"{"error":{"message":"\#(message)","type":null,"param":null,"code":"500"}}"#
        let (first, second) = (String(body.prefix(body.count / 2)), String(body.dropFirst(body.count / 2)))
        return "HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/json\r\n"
            + "transfer-encoding: chunked\r\n\r\n"
            + "\(String(first.utf8.count, radix: 16))\r\n\(first)\r\n"
            + "\(String(second.utf8.count, radix: 16))\r\n\(second)\r\n0\r\n\r\n"
    }

    @Test func keepsWhatTheProxySaidWhenItAnsweredWithAServerError() throws {
        let message = "litellm.APIConnectionError: APIConnectionError: OpenAIException - Invalid timeout"
        let listener = try RawListener(connections: 3, reply: Self.serverError(message))
        let target = try HTTPURL(parsing: "http://127.0.0.1:\(listener.port)/v1/chat/completions")
        let summary = try LoadClient.run(LoadPlan(target: target, requests: 3, timeout: .seconds(30)))
        listener.finish()

        #expect(summary.answered == ["500": 3])
        #expect(summary.serverErrorLine == message)
    }

    @Test func keepsNothingFromAnswersThatAreNoServerError() throws {
        let reply =
            "HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: 37\r\n\r\n"
            + #"{"error":{"message":"Invalid key!!"}}"#
        let listener = try RawListener(connections: 2, reply: reply)
        let target = try HTTPURL(parsing: "http://127.0.0.1:\(listener.port)/v1/chat/completions")
        let summary = try LoadClient.run(LoadPlan(target: target, requests: 2, timeout: .seconds(30)))
        listener.finish()

        #expect(summary.answered == ["401": 2])
        #expect(summary.serverErrorLine == nil)
    }
}

@Suite struct LoadSummaryTests {
    @Test func aSummaryWrittenBeforeTheReceivedCountsStillDecodes() throws {
        let old = LoadSummary(target: "http://x", requests: 1, timeoutSeconds: 1, startedAt: 0)
        let json = try JSONCoding.encode(old)
        #expect(!String(decoding: json, as: UTF8.self).contains("received_when_abandoned"))
        let decoded = try JSONCoding.decode(LoadSummary.self, from: json)
        #expect(decoded == old && decoded.receivedWhenAbandoned == nil)
    }

    @Test func theOneLineSaysWhatTheAbandonedClientsHadReceived() throws {
        var summary = LoadSummary(target: "http://x", requests: 10, timeoutSeconds: 1, startedAt: 0)
        summary.stream = true
        summary.sent = 10
        summary.timedOut = 10
        summary.chunksReceived = 7
        var received = ReceivedWhenAbandoned()
        for _ in 0..<3 { received.add(.init(head: true)) }
        for _ in 0..<5 { received.add(.init(head: true, events: 1)) }
        for _ in 0..<2 { received.add(.init(head: true, events: 1, contentChunks: 1, contentBytes: 3)) }
        received.add(.init())
        summary.receivedWhenAbandoned = received
        #expect(received.withoutEvents == 4 && received.withEvents == 7)
        #expect(
            summary.oneLine.contains(
                "7 events received, received before giving up: nothing 1, head only 3, events but no content 5, "
                    + "content 2; 7 events, 2 content chunks, 6 content bytes"))
    }
}
