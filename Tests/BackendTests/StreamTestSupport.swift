import Foundation
@testable import LabAPI
@testable import LabCore
@testable import LabLoad
@testable import LabWire
import LabTestSupport

#if canImport(Glibc)
    import Glibc
#endif

extension LoopbackClient {
    /// Every byte that arrives until `done(received)` holds, the peer closes, or `seconds` pass.
    func receive(for seconds: Double, until done: ([UInt8]) -> Bool = { _ in false }) -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let deadline = LabClock.monotonicNanoseconds() + UInt64(seconds * 1e9)
        while !done(received) {
            let now = LabClock.monotonicNanoseconds()
            guard now < deadline else { break }
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, Int32((deadline - now) / 1_000_000)) == 1 else { break }
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer.prefix(count)
        }
        return received
    }

    /// Reads until a whole streamed answer has arrived (or `seconds` pass).
    func receiveStream(within seconds: Double = 5) -> StreamedAnswer {
        StreamedAnswer(receive(for: seconds) { StreamedAnswer($0).ended })
    }
}

/// A streamed answer as a client sees it: head, events, whether it ended, and its body's size on the wire.
struct StreamedAnswer {
    /// The bytes it was parsed from.
    var raw: [UInt8]
    var head: HTTPResponseHead?
    var events: [SSEEvent] = []
    var ended = false
    /// Bytes after the head, chunk framing included: what the backend counts as streamed bytes.
    var bodyWireBytes = 0

    init(_ bytes: [UInt8]) {
        raw = bytes
        var parser = HTTPResponseParser()
        parser.feed(bytes)
        var sse = SSEParser()
        while let event = parser.next() {
            switch event {
            case .head(let value):
                head = value
                bodyWireBytes = bytes.count - value.serialized().count
            case .body(let piece): events += sse.feed(piece)
            case .end: ended = true
            case .failure: return
            }
        }
    }

    /// Each event's data as a JSON object, `[DONE]` left out.
    var objects: [[String: Any]] {
        events.filter { $0.data != "[DONE]" }.compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.data.utf8)) as? [String: Any]
        }
    }
}

extension StreamedAnswer {
    /// The content each event carried, as `endpoint`'s clients read it; events without content left out.
    func contents(_ endpoint: APIEndpoint) -> [String] {
        guard let format = endpoint.format as? any StreamingAPIFormat else { return [] }
        return events.compactMap { format.content(of: $0) }
    }
}

/// The opening events `endpoint`'s streams start with (none for completions).
func openingEvents(_ endpoint: APIEndpoint) -> [SSEEvent] {
    let call = APICall(requestID: 1, created: 0, body: APICall.Body(json: Array(#"{"model":"m"}"#.utf8))!)
    return (endpoint.format as? any StreamingAPIFormat)?.openingEvents(for: call) ?? []
}

/// The request bytes the load client sends to `endpoint`.
func apiRequest(_ endpoint: APIEndpoint, stream: Bool, body: String? = nil) -> [UInt8] {
    let target = HTTPURL(host: "127.0.0.1", port: 80, path: endpoint.path)
    return LoadPlan(target: target, endpoint: endpoint, stream: stream, body: body.map { Array($0.utf8) })
        .requestBytes
}

/// Each streaming API's last event: `[DONE]` for OpenAI's completions, else the type of the last event.
let terminalEvents: [APIEndpoint: String] = [
    .chat: "[DONE]", .completions: "[DONE]", .responses: "response.completed", .messages: "message_stop",
]

/// The endpoints that answer `"stream": true` with events: all but embeddings.
let streamingEndpoints = APIEndpoint.allCases.filter { terminalEvents[$0] != nil }
