import Foundation
import LabAPI
import LabCore
import LabEventLoop
import LabWire

/// State every connection of one backend shares: the loop, the ledger, the log and the configuration.
final class BackendContext {
    let loop: EventLoop
    let configuration: FakeBackend.Configuration
    /// Buffered: flushed at the end of every turn of the loop, before control answers and when the backend stops.
    let log: BufferedLineWriter
    private(set) var ledger = RequestLedger()
    private let startedAt = LabClock.unixSeconds()
    private var readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)

    init(loop: EventLoop, configuration: FakeBackend.Configuration, log: LineWriter) {
        self.loop = loop
        self.configuration = configuration
        self.log = BufferedLineWriter(log)
    }

    deinit { readBuffer.deallocate() }

    /// Lends the one read buffer all connections share: the loop runs one handler at a time.
    func withReadBuffer(_ body: (UnsafeMutableRawBufferPointer) -> Void) {
        body(readBuffer)
    }

    /// The counters now.
    var stats: BackendStats { ledger.stats(at: LabClock.unixSeconds(), startedAt: startedAt) }

    /// Counts an API request as started and held, and returns it as the formats see it.
    func requestStarted(_ head: HTTPRequestHead, body: APICall.Body, stream: Bool) -> APICall {
        let now = LabClock.unixSeconds()
        let id = ledger.start(method: head.method, path: head.path, stream: stream, at: now)
        let kind = stream ? " (stream)" : ""
        log.write("request #\(id) started \(head.method) \(head.path)\(kind) active=\(ledger.active)")
        return APICall(requestID: id, created: Int(now), body: body)
    }

    func requestAbandoned(_ id: Int) {
        finish(id, outcome: .clientClosed)
    }

    /// Counts the held request as answered and returns how long it was held, in seconds.
    func requestCompleted(_ id: Int) -> Double {
        guard let record = finish(id, outcome: .completed) else { return 0 }
        return (record.endedAt ?? record.startedAt) - record.startedAt
    }

    /// Adds what one write put on the wire to its request's stream counters.
    func streamed(_ written: BackendConnection.Outbound.Written) {
        ledger.streamed(written.requestID, bytes: written.bytes, chunks: written.chunks)
    }

    func requestRejected(status: HTTPStatus, reason: String) {
        ledger.reject()
        log.write("rejected \(status.code) \(status.reasonPhrase): \(reason) rejected=\(ledger.rejected)")
    }

    /// Answers the routes that are never held and never counted.
    func controlResponse(for route: BackendRoute, headOnly: Bool, keepAlive: Bool) -> HTTPResponse {
        // Whoever reads the counters may read the log next: it must already hold every line they count.
        log.flush()
        var response: HTTPResponse
        switch route {
        case .stats(let since):
            response = Self.json(
                ledger.stats(at: LabClock.unixSeconds(), startedAt: startedAt, since: since),
                keepAlive: keepAlive)
        case .requests: response = Self.json(ledger.records, keepAlive: keepAlive)
        case .metrics:
            response = HTTPResponse(
                status: .ok, headers: HTTPHeaders([("Content-Type", PrometheusText.contentType)]),
                body: Array(PrometheusText.render(stats).utf8))
        case .health, .api, .refused:
            response = HTTPResponse(
                status: .ok, headers: HTTPHeaders([("Content-Type", "application/json")]),
                body: Array(#"{"status":"ok"}"#.utf8))
        }
        if !keepAlive && response.head.headers["Connection"] == nil {
            response.head.headers.add(name: "Connection", value: "close")
        }
        if headOnly {
            response.head.headers.add(name: "Content-Length", value: String(response.body.count))
            response.body = []
        }
        return response
    }

    /// Logs the periodic status line, as the original reproduction's server does.
    func logActiveCount() {
        log.write("Active requests: \(ledger.active)")
    }

    @discardableResult
    private func finish(_ id: Int, outcome: RequestOutcome) -> RequestRecord? {
        guard let record = ledger.finish(id, outcome: outcome, at: LabClock.unixSeconds()) else { return nil }
        let seconds = ((record.endedAt ?? record.startedAt) - record.startedAt)
        let streamed = record.stream ? " streamed \(record.chunks) chunks \(record.bytes) bytes so far" : ""
        log.write(
            "request #\(id) ended \(outcome.rawValue) after \(Self.threeDecimals(seconds)) s "
                + "\(record.method) \(record.path)\(streamed) active=\(ledger.active)")
        return record
    }

    /// `seconds` as `%.3f` writes it, without Foundation's format parser on every hang-up of a burst.
    static func threeDecimals(_ seconds: Double) -> String {
        let millis = Int64((seconds * 1000).rounded())
        let fraction = String(abs(millis) % 1000)
        let sign = millis < 0 ? "-" : ""
        return "\(sign)\(abs(millis) / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    private static func json(_ value: some Encodable, keepAlive: Bool) -> HTTPResponse {
        let body = (try? JSONCoding.encode(value, pretty: false)).map { Array($0) } ?? []
        var headers = HTTPHeaders([("Content-Type", "application/json")])
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        return HTTPResponse(status: .ok, headers: headers, body: body)
    }
}
