import Foundation
import LabAPI
import LabCore
import LabEventLoop
import LabWire
import LabRecords

/// State every connection of one backend shares: the loop, the ledger, the log and the configuration.
final class BackendContext {
    let loop: EventLoop
    let configuration: FakeBackend.Configuration
    /// Buffered: flushed at the end of every turn of the loop, before control answers and when the backend stops.
    let log: BufferedLineWriter
    private(set) var ledger = RequestLedger()
    /// The slots, with `--slots`; nil serves every request at once.
    private var slotQueue: SlotQueue?
    /// The connections whose request waits for a slot, by request id: one of them is given the next slot freed.
    private var waitingForSlot: [Int: BackendConnection] = [:]
    /// The connections whose `GET /arrivals` waits for the request carrying a token, by token.
    private var awaitingArrival: [String: [BackendConnection]] = [:]
    private let startedAt = LabClock.unixSeconds()
    private var readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)

    init(loop: EventLoop, configuration: FakeBackend.Configuration, log: LineWriter) {
        self.loop = loop
        self.configuration = configuration
        self.log = BufferedLineWriter(log)
        slotQueue = configuration.slots.map(SlotQueue.init(limits:))
    }

    deinit { readBuffer.deallocate() }

    /// Lends the one read buffer all connections share: the loop runs one handler at a time.
    func withReadBuffer(_ body: (UnsafeMutableRawBufferPointer) -> Void) {
        body(readBuffer)
    }

    /// The counters now.
    var stats: BackendStats { stats(since: nil) }

    /// An API request arrived on `connection`: counted as started and held, with a slot or waiting for one, or
    /// refused (not started) when every slot is busy and the queue full.
    ///
    /// - Returns: The request as the formats see it, and whether it has a slot; nil when it was refused.
    func requestArrived(
        _ head: HTTPRequestHead, body: APICall.Body, stream: Bool, probe: Bool, arrivalToken: String? = nil,
        on connection: BackendConnection
    ) -> (call: APICall, hasSlot: Bool)? {
        let now = LabClock.unixSeconds()
        let admission = slotQueue?.arrive(ledger.nextID) ?? .served
        if admission == .refused {
            let slots = slotQueue?.stats(holdSeconds: 0)
            log.write(
                "refused 503 Service Unavailable: \(head.method) \(head.path): all \(slots?.slots ?? 0) slots busy "
                    + "and \(slots?.queued ?? 0) waiting refused=\(slots?.refused ?? 0)")
            return nil
        }
        let id = ledger.start(
            method: head.method, path: head.path, stream: stream, at: now,
            slotAt: slotQueue != nil && admission == .served ? now : nil, probe: probe,
            arrivalToken: arrivalToken)
        var kind = stream ? " (stream)" : ""
        if probe { kind += " (slot probe)" }
        if let arrivalToken { kind += " (arrival \(arrivalToken))" }
        if case .queued(let position) = admission {
            waitingForSlot[id] = connection
            kind += " waiting for a slot behind \(position)"
        }
        log.write("request #\(id) started \(head.method) \(head.path)\(kind) active=\(ledger.active)")
        if let arrivalToken { tellWaiters(of: arrivalToken) }
        return (APICall(requestID: id, created: Int(now), body: body), admission == .served)
    }

    /// A websocket upgrade on `head`'s path was accepted: counted as a request started and held until its
    /// peer closes it or the hold ends. Slots do not apply: a realtime session is not a queued generation.
    ///
    /// - Returns: the request's id.
    func websocketOpened(_ head: HTTPRequestHead) -> Int {
        let id = ledger.start(method: head.method, path: head.path, at: LabClock.unixSeconds())
        log.write("request #\(id) started \(head.method) \(head.path) (websocket) active=\(ledger.active)")
        return id
    }

    /// Held websocket `id` received a message carrying arrival `token`: its session's arrival is known now.
    func websocket(_ id: Int, carried token: String) {
        guard ledger.carried(token, by: id) else { return }
        log.write("request #\(id) carried arrival \(token)")
        tellWaiters(of: token)
    }

    /// Answers every `GET /arrivals` waiting for `token`, whose request has arrived.
    private func tellWaiters(of token: String) {
        guard let waiters = awaitingArrival.removeValue(forKey: token), let record = ledger.arrival(of: token)
        else { return }
        waiters.forEach { $0.arrived(record) }
    }

    /// The record of the first API request that carried arrival token `token`, nil while none has.
    func arrival(of token: String) -> RequestRecord? {
        ledger.arrival(of: token)
    }

    /// `connection` waits for the request carrying `token`: told by `arrived(_:)` when it comes.
    func awaitArrival(of token: String, by connection: BackendConnection) {
        awaitingArrival[token, default: []].append(connection)
    }

    /// `connection` no longer waits for `token` (its wait ended, or it closed).
    func stopAwaitingArrival(of token: String, by connection: BackendConnection) {
        awaitingArrival[token]?.removeAll { $0 === connection }
        if awaitingArrival[token]?.isEmpty == true { awaitingArrival[token] = nil }
    }

    /// The answer to `GET /arrivals?token=T`: `{"token", "arrived": true, "id", "arrived_at"}` for the
    /// request that arrived, `{"token", "arrived": false}` when none has.
    func arrivalResponse(token: String, record: RequestRecord?, keepAlive: Bool) -> HTTPResponse {
        Self.json(
            ArrivalAnswer(
                token: token, arrived: record != nil, id: record?.id, arrivedAt: record?.startedAt),
            keepAlive: keepAlive)
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
            response = Self.json(stats(since: since), keepAlive: keepAlive)
        case .requests: response = Self.json(ledger.records, keepAlive: keepAlive)
        case .metrics:
            response = HTTPResponse(
                status: .ok, headers: HTTPHeaders([("Content-Type", PrometheusText.contentType)]),
                body: Array(PrometheusText.render(stats).utf8))
        case .vectorStoreSearch:
            response = HTTPResponse(
                status: .ok, headers: HTTPHeaders([("Content-Type", "application/json")]),
                body: Self.vectorStoreSearchPage)
        case .health, .api, .refused, .arrival, .realtime:
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

    /// A vector store search's answer in OpenAI's format: one passage, which a RAG query hands to its model.
    private static let vectorStoreSearchPage: [UInt8] = JSONValue.object([
        (key: "object", value: "vector_store.search_results.page"), (key: "search_query", value: "lab"),
        (
            key: "data",
            value: [
                [
                    "file_id": "file-lab", "filename": "lab.txt", "score": 0.9, "attributes": [:],
                    "content": [["type": "text", "text": "lab context"]],
                ]
            ]
        ),
        (key: "has_more", value: false), (key: "next_page", value: nil),
    ]).bytes

    /// Logs the periodic status line, as the original reproduction's server does.
    func logActiveCount() {
        log.write("Active requests: \(ledger.active)")
    }

    /// The counters, with the slots' when there are slots; with `since`, also the requests started after it.
    private func stats(since: Double?) -> BackendStats {
        var stats = ledger.stats(at: LabClock.unixSeconds(), startedAt: startedAt, since: since)
        stats.slots = slotQueue?.stats(holdSeconds: configuration.hold.seconds)
        return stats
    }

    /// Closes request `id`'s record; its slot, if it had one, goes to the longest-waiting request.
    @discardableResult
    private func finish(_ id: Int, outcome: RequestOutcome) -> RequestRecord? {
        let now = LabClock.unixSeconds()
        guard let record = ledger.finish(id, outcome: outcome, at: now) else { return nil }
        let seconds = ((record.endedAt ?? record.startedAt) - record.startedAt)
        let streamed = record.stream ? " streamed \(record.chunks) chunks \(record.bytes) bytes so far" : ""
        log.write(
            "request #\(id) ended \(outcome.rawValue) after \(Self.threeDecimals(seconds)) s "
                + "\(record.method) \(record.path)\(streamed) active=\(ledger.active)")
        waitingForSlot[id] = nil
        // Every count is settled before the next request is served: serving it writes to its connection, which
        // may find its peer gone and end it in turn.
        if let next = slotQueue?.end(id), let connection = waitingForSlot.removeValue(forKey: next) {
            ledger.slotGranted(next, at: now)
            let waited = now - (ledger.records[next - 1].startedAt)
            log.write("request #\(next) got a slot after waiting \(Self.threeDecimals(waited)) s")
            connection.slotGranted()
        }
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
