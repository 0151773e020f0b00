import Foundation
@testable import LabCore
@testable import LabAPI
@testable import LabBackend
@testable import LabEventLoop
@testable import LabLoad
@testable import LabWire
import Synchronization
import Testing

import LabTestSupport
@testable import LabRecords

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

    @Test(arguments: streamingEndpoints)
    func afterTokensLeavesAfterExactlyKContentChunksCountingNoOpeningEvent(endpoint: APIEndpoint) throws {
        let backend = try TestBackend(behaviour: .midStream, timeline: fastTimeline)
        let plan = LoadPlan(
            target: backend.url(endpoint), requests: 5, timeout: .seconds(30), endpoint: endpoint,
            stream: true,
            behaviour: .afterContentChunks(3))
        let summary = try LoadClient.run(plan)

        #expect(summary.leftAfterChunks == 5 && summary.timedOut == 0 && summary.abandoned == 5)
        #expect(summary.behaviour == "after-tokens 3" && summary.stream)
        let received = try #require(summary.receivedWhenAbandoned)
        #expect(received.content == 5 && received.contentChunks == 15)
        #expect(received.contentBytes == 5 * "The fake backend".utf8.count)
        #expect(
            received.events == 5 * (openingEventCount(endpoint) + 3)
                && summary.chunksReceived == received.events)
        let stats = try backend.stats { $0.clientClosed == 5 }
        #expect(stats.clientClosed == 5 && stats.isConsistent)
        // The backend wrote at least what was read, and never more than one token past it before the hang-up.
        #expect(try backend.records().allSatisfy { $0.chunks >= openingEventCount(endpoint) + 3 })
    }

    @Test func afterTokensHangsUpAtTheTimeoutWhenOnlyTheOpeningArrives() throws {
        let backend = try TestBackend(behaviour: .opening, timeline: fastTimeline)
        let plan = LoadPlan(
            target: backend.url(.messages), requests: 3, timeout: .milliseconds(300), endpoint: .messages,
            stream: true, behaviour: .afterContentChunks(2))
        let summary = try LoadClient.run(plan)

        #expect(summary.timedOut == 3 && summary.leftAfterChunks == 0 && summary.chunksReceived == 6)
        #expect(
            summary.receivedWhenAbandoned?.eventsOnly == 3
                && summary.receivedWhenAbandoned?.contentChunks == 0)
        let stats = try backend.stats { $0.clientClosed == 3 }
        #expect(stats.clientClosed == 3 && stats.isConsistent)
    }

    @Test(arguments: streamingEndpoints, [BackendBehaviour.queued, .head, .opening, .firstToken])
    func theSummarySaysWhatEachAbandonedClientHadReceived(endpoint: APIEndpoint, stall: BackendBehaviour)
        throws
    {
        let backend = try TestBackend(behaviour: stall, timeline: fastTimeline)
        // A timeout far past the 20 ms to the first token: every stall point is reached before the hang-up.
        let summary = try LoadClient.run(
            LoadPlan(
                target: backend.url(endpoint), requests: 3, timeout: .milliseconds(500), endpoint: endpoint,
                stream: true))

        let received = try #require(summary.receivedWhenAbandoned)
        let opening = openingEventCount(endpoint)
        var expected = ReceivedWhenAbandoned()
        switch stall {
        case .queued: expected.nothing = 3
        case .head: expected.headOnly = 3
        case .opening where opening == 0: expected.headOnly = 3
        case .opening:
            expected.eventsOnly = 3
            expected.events = 3 * opening
        default:
            expected.content = 3
            expected.events = 3 * (opening + 1)
            expected.contentChunks = 3
            expected.contentBytes = 3 * "The".utf8.count
        }
        #expect(received == expected)
        #expect(summary.timedOut == 3 && summary.chunksReceived == expected.events, "\(summary.oneLine)")
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
        #expect(!endpoint.streams == (summary.chunksReceived == 0))
        #expect(summary.receivedWhenAbandoned == ReceivedWhenAbandoned())
        #expect(stats.isConsistent)
    }
}

/// Fast, so tests run quickly: the first token after 20 ms, then one every 10 ms.
private let fastTimeline = FakeBackend.Configuration.StreamTimeline(
    timeToFirstToken: .milliseconds(20), tokenInterval: .milliseconds(10))

/// The endpoints that answer `"stream": true` with events: all but embeddings.
private let streamingEndpoints = APIEndpoint.allCases.filter(\.streams)

/// How many opening events `endpoint`'s streams start with.
private func openingEventCount(_ endpoint: APIEndpoint) -> Int {
    let call = APICall(requestID: 1, created: 0, body: APICall.Body(json: Array(#"{"model":"m"}"#.utf8))!)
    return (endpoint.format as? any StreamingAPIFormat)?.openingEvents(for: call).count ?? 0
}

@Suite(.serialized) struct LoadRequestBodyTests {
    @Test(
        arguments: APIEndpoint.allCases.filter {
            ![.transcriptions, .imageEdits, .files, .runs, .mcpToolCall].contains($0)
        })
    func eachEndpointSendsItsOwnBodyWithTheModel(endpoint: APIEndpoint) throws {
        let request = try sentRequest(
            LoadPlan(target: placeholder, endpoint: endpoint, stream: true, model: "lab-model"))
        let body = try #require(request.split(separator: "\r\n\r\n", maxSplits: 1).last)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(json["model"] as? String == "lab-model")
        #expect((json["stream"] as? Bool == true) == endpoint.streams)
        let field: String =
            switch endpoint {
            case .chat, .messages: "messages"
            case .completions, .images: "prompt"
            case .rerank: "query"
            case .embeddings, .responses, .moderations, .speech: "input"
            case .transcriptions, .imageEdits, .files: "file"
            case .runs: "additional_instructions"
            case .batches: "input_file_id"
            case .mcpToolCall: "arguments"
            }
        #expect(json[field] != nil)
        #expect(request.hasPrefix("POST \(endpoint.path) HTTP/1.1\r\n"))
    }

    @Test func transcriptionsSendAFormWithTheModelAndAnAudioFile() throws {
        let request = try sentRequest(
            LoadPlan(target: placeholder, endpoint: .transcriptions, model: "lab-model"))
        let parts = request.split(separator: "\r\n\r\n", maxSplits: 1).map(String.init)
        try #require(parts.count == 2)
        let (head, body) = (parts[0], parts[1])
        let contentType = try #require(
            head.split(separator: "\r\n").first { $0.hasPrefix("Content-Type: ") }?.dropFirst(14))
        let boundary = try #require(MultipartForm.boundary(of: String(contentType)))
        #expect(
            MultipartForm.textFields(Array(body.utf8), boundary: boundary)
                == ["model": "lab-model", "response_format": "json"])
        #expect(body.contains(#"name="file"; filename="lab.wav""#) && body.contains("RIFF"))
    }

    @Test func imageEditsSendAFormWithTheModelThePromptAndAPNGFile() throws {
        let request = try sentRequest(
            LoadPlan(target: placeholder, endpoint: .imageEdits, model: "lab-model"))
        let parts = request.split(separator: "\r\n\r\n", maxSplits: 1).map(String.init)
        try #require(parts.count == 2)
        let (head, body) = (parts[0], parts[1])
        #expect(head.hasPrefix("POST /v1/images/edits HTTP/1.1\r\n"))
        let contentType = try #require(
            head.split(separator: "\r\n").first { $0.hasPrefix("Content-Type: ") }?.dropFirst(14))
        let boundary = try #require(MultipartForm.boundary(of: String(contentType)))
        let fields = try #require(MultipartForm.textFields(Array(body.utf8), boundary: boundary))
        #expect(fields["model"] == "lab-model" && fields["prompt"]?.isEmpty == false)
        #expect(body.contains(#"name="image"; filename="lab.png""#) && body.contains("PNG"))
    }

    @Test func fileUploadsSendAFormWithThePurposeAndAJSONLFileForTheProvidersModelCarryingThePrompt() throws {
        let bytes = LoadPlan(target: placeholder, endpoint: .files, model: "lab-model").requestBytes(
            token: "t-7")
        #expect(ArrivalToken.carried(by: bytes) == "t-7", "the token rides in the file")
        let request = String(decoding: bytes, as: UTF8.self)
        let parts = request.split(separator: "\r\n\r\n", maxSplits: 1).map(String.init)
        try #require(parts.count == 2)
        let body = parts[1]
        #expect(
            MultipartForm.textFields(Array(body.utf8), boundary: "litellm-leak-lab-form") == [
                "purpose": "batch"
            ])
        #expect(body.contains(#"name="file"; filename="lab.jsonl""#))
        #expect(body.contains(#""url":"/v1/chat/completions""#) && body.contains(#""model":"gpt-4o-mini""#))
        #expect(
            !body.contains("lab-model"), "a router model would route the upload as a batch of the router's")
    }

    @Test func assistantsRunsNameTheAssistantAndCarryThePromptInTheirAdditionalInstructions() throws {
        let bytes = LoadPlan(target: placeholder, endpoint: .runs, model: "lab-model").requestBytes(
            token: "t-7")
        let request = String(decoding: bytes, as: UTF8.self)
        let body = try #require(request.split(separator: "\r\n\r\n", maxSplits: 1).last)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(json["assistant_id"] as? String == "asst_lab" && json["model"] == nil)
        let instructions = try #require(json["additional_instructions"] as? String)
        #expect(ArrivalToken.carried(by: Array(instructions.utf8)) == "t-7")
    }

    @Test func batchesNameTheirInputFileAndCarryThePromptInTheirMetadata() throws {
        let bytes = LoadPlan(target: placeholder, endpoint: .batches, model: "lab-model").requestBytes(
            token: "t-7")
        let body = try #require(String(decoding: bytes, as: UTF8.self).split(separator: "\r\n\r\n").last)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(
            json["input_file_id"] as? String == "file-lab" && json["completion_window"] as? String == "24h")
        let metadata = try #require(json["metadata"] as? [String: String])
        #expect(ArrivalToken.carried(by: Array((metadata["lab"] ?? "").utf8)) == "t-7")
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
