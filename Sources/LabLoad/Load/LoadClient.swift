import LabAPI
import LabCore
import LabEventLoop
import LabRecords

#if canImport(Glibc)
    import Glibc
#endif

/// Fires a `LoadPlan`'s requests all at once on one event loop and gives up on each as its behaviour says.
///
/// By default that is closing the TCP connection at the timeout, exactly what `curl --max-time` does; a
/// plan may instead reset the connection, or leave a stream after K content chunks.
///
/// Each request's timeout starts when its connection is made and its bytes start going out, not when its
/// connect was started. curl's clock starts with its transfer, and on loopback its connect takes
/// microseconds, so for curl the two moments are one. Here every connect is started before the loop runs,
/// and the loop reaches each made connection only after launching them all: on a busy machine, launching a
/// thousand can take longer than a 300 ms timeout, and a clock started at the connect call would hang up
/// on requests never sent. A connect that is never made is bounded by the plan's `connectTimeout`.
///
/// ```swift
/// let summary = try LoadClient.run(LoadPlan(target: try HTTPURL(parsing: "http://127.0.0.1:5001/v1/chat/completions")))
/// ```
package enum LoadClient {
    /// Runs the plan to the end: every request answered, failed, or abandoned; or until the stop handle that
    /// `onStart` receives is asked to stop (a signal), when the requests still open are abandoned as they are.
    ///
    /// - Parameter onPastTheProxy: Called once every request has reached the backend (as an arrival client
    ///   learns it) or ended: from then on the load asks nothing more of the proxy's forwarding.
    package static func run(
        _ plan: LoadPlan, progress: LineWriter? = nil, onStart: (LoopStopHandle) -> Void = { _ in },
        onPastTheProxy: @escaping () -> Void = {}
    ) throws -> LoadSummary {
        let kind = (plan.stream ? "streaming " : "") + plan.endpoint.rawValue
        progress?.write("firing \(plan.requests) \(kind) requests at \(plan.target), \(leaving(plan))")
        let tracker = try launch(plan)
        tracker.onPastTheProxy = onPastTheProxy
        onStart(tracker.loop.stopHandle)
        let summary = try finish(tracker)
        progress?.write("load finished: \(summary.oneLine)")
        return summary
    }

    /// Starts connecting every request of `plan`; none is sent before `finish` runs the loop.
    static func launch(_ plan: LoadPlan) throws -> LoadTracker {
        let address = try SocketAddress.resolve(host: plan.target.host, port: plan.target.port)
        let tracker = LoadTracker(plan: plan, loop: try EventLoop())
        let bytes = plan.requestBytes
        let arrivals = try plan.timeoutFrom == .arrival ? arrivalSource(plan) : nil
        for index in 0..<plan.requests {
            let arrival = arrivals.map { source in
                LoadRequest.Arrival(
                    address: source.address, root: plan.arrivalsRoot, token: "\(source.prefix)-\(index + 1)",
                    limit: plan.arrivalLimit)
            }
            let realtime = plan.websocket ? plan.realtimeOpening(token: arrival?.token) : nil
            let request = LoadRequest(
                tracker: tracker,
                bytes: realtime?.upgrade ?? arrival.map { plan.requestBytes(token: $0.token) } ?? bytes,
                behaviour: plan.behaviour, timeout: plan.timeout,
                format: plan.endpoint.format as? any StreamingAPIFormat, arrival: arrival, realtime: realtime)
            request.launch(to: address, connectTimeout: plan.connectTimeout)
        }
        return tracker
    }

    /// Runs the loop until every launched request has ended; the summary of them all.
    static func finish(_ tracker: LoadTracker) throws -> LoadSummary {
        if !tracker.isFinished { try tracker.loop.run() }
        var summary = tracker.summary
        summary.finishedAt = LabClock.unixSeconds()
        return summary
    }

    /// Where an arrival client's plan asks about arrivals, and the prefix that makes its tokens its own: a
    /// backend may see several loads (a matrix's direct control and proxy, one after the other).
    private static func arrivalSource(_ plan: LoadPlan) throws -> (address: SocketAddress, prefix: String) {
        let root = plan.arrivalsRoot
        let address = try SocketAddress.resolve(host: root.host, port: root.port)
        var random = SystemRandomNumberGenerator()
        let prefix = String(random.next() as UInt64, radix: 16)
        return (address, prefix)
    }

    private static func leaving(_ plan: LoadPlan) -> String {
        guard plan.timeoutFrom == .sending else {
            let chunks =
                if case .afterContentChunks(let count) = plan.behaviour {
                    "leaving after \(count) content chunks, else "
                } else { "" }
            return chunks
                + "\(plan.behaviour == .reset ? "resetting" : "hanging up") \(plan.timeout.seconds) s "
                + "after each request reached the backend (asked at \(plan.arrivalsRoot)), or "
                + "\(plan.arrivalLimit.seconds) s after it was sent if that never became known"
        }
        return switch plan.behaviour {
        case .timeout: "hanging up after \(plan.timeout.seconds) s"
        case .reset: "resetting after \(plan.timeout.seconds) s"
        case .afterContentChunks(let count):
            "leaving after \(count) content chunks, else hanging up after \(plan.timeout.seconds) s"
        }
    }
}

/// Collects each request's ending into the summary and stops the loop after the last one.
final class LoadTracker {
    let loop: EventLoop
    private(set) var summary: LoadSummary
    private var pending: Int
    /// Requests that have not yet reached the backend nor ended.
    private var beforeTheBackend: Int
    /// Called once no request is before the backend any more.
    var onPastTheProxy: () -> Void = {}

    init(plan: LoadPlan, loop: EventLoop) {
        self.loop = loop
        summary = LoadSummary(
            target: plan.target.description, requests: plan.requests, timeoutSeconds: plan.timeout.seconds,
            startedAt: LabClock.unixSeconds())
        summary.behaviour = plan.behaviour.description
        if plan.timeoutFrom == .arrival {
            summary.arrivalLimitSeconds = plan.arrivalLimit.seconds
            summary.arrived = 0
            summary.leftBeforeArrival = 0
        }
        summary.stream = plan.stream
        summary.receivedWhenAbandoned = ReceivedWhenAbandoned()
        pending = plan.requests
        beforeTheBackend = plan.requests
    }

    var isFinished: Bool { pending == 0 }

    func sent() {
        let now = LabClock.unixSeconds()
        summary.sent += 1
        if summary.firstSentAt == nil { summary.firstSentAt = now }
        summary.lastSentAt = now
    }

    /// An arrival client's request reached the backend `seconds` after it started going out.
    func arrived(after seconds: Double) {
        summary.arrived = (summary.arrived ?? 0) + 1
        summary.slowestArrivalSeconds = max(summary.slowestArrivalSeconds ?? seconds, seconds)
    }

    /// A request reached the backend, or ended before it did: counted once per request.
    func passedTheProxy() {
        beforeTheBackend -= 1
        if beforeTheBackend == 0 { onPastTheProxy() }
    }

    /// An arrival client's backend cannot say when a request arrived (`reason`): it leaves at its wall-clock
    /// timeout instead.
    func arrivalUnavailable(_ reason: String) {
        summary.arrivalUnavailable = (summary.arrivalUnavailable ?? 0) + 1
        if summary.arrivalUnavailableReason == nil { summary.arrivalUnavailableReason = reason }
    }

    /// An arrival client's request is abandoned at its arrival limit, its arrival never known.
    func leftBeforeArrival() {
        summary.leftBeforeArrival = (summary.leftBeforeArrival ?? 0) + 1
    }

    func receivedEvent() {
        summary.chunksReceived += 1
    }

    /// Whether an answer with a server error should keep its body: until one has said why.
    var wantsServerErrorBody: Bool { summary.serverErrorLine == nil }

    /// Keeps what the body of an answer with a server error said, unless an earlier one said something.
    func answeredWithServerError(body: [UInt8]) {
        guard wantsServerErrorBody else { return }
        summary.serverErrorLine = ProxyErrorLine.first(inBody: body)
    }

    /// Counts a request's ending; `receipt` is what it had received, kept for the abandoned ones.
    func ended(_ ending: LoadRequest.Ending, receipt: ReceivedWhenAbandoned.Receipt) {
        if ending.isAbandoned { summary.receivedWhenAbandoned?.add(receipt) }
        switch ending {
        case .answered(let status): summary.answered[String(status), default: 0] += 1
        case .timedOut:
            summary.timedOut += 1
            hungUp()
        case .reset:
            summary.reset += 1
            hungUp()
        case .leftAfterContent:
            summary.leftAfterChunks += 1
            hungUp()
        case .connectFailed: summary.connectErrors += 1
        case .failed(let message): summary.otherErrors[message, default: 0] += 1
        }
        pending -= 1
        if pending == 0 { loop.stop() }
    }

    private func hungUp() {
        let now = LabClock.unixSeconds()
        if summary.firstHangUpAt == nil { summary.firstHangUpAt = now }
        summary.lastHangUpAt = now
    }
}
