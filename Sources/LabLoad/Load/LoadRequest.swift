import LabAPI
import LabCore
import LabEventLoop
import LabWire
import LabRecords

#if canImport(Glibc)
    import Glibc
#endif

/// One request of the load: connect, send, wait for the answer, or give up as the plan's behaviour says.
final class LoadRequest: EventHandler {
    /// How a request ended.
    enum Ending: Equatable {
        case answered(status: Int)
        /// Closed in order at the deadline.
        case timedOut
        /// Aborted with a reset at the deadline.
        case reset
        /// Closed in order once K content chunks had arrived.
        case leftAfterContent
        case connectFailed
        case failed(String)

        /// Whether the client gave up on the request (rather than being answered or failing).
        var isAbandoned: Bool { self == .timedOut || self == .reset || self == .leftAfterContent }
    }

    private enum Phase {
        /// `websocket`: the upgrade was accepted; frames flow until the client leaves.
        case connecting, sending, awaitingAnswer, websocket, ended
    }

    private let tracker: LoadTracker
    private let bytes: [UInt8]
    private let behaviour: ClientBehaviour
    /// How long after its connection is made the request is given up on.
    private let timeout: Duration
    /// Reads content out of the stream's events; nil for an API that never streams.
    private let format: (any StreamingAPIFormat)?
    private var descriptor: Int32 = -1
    private var phase = Phase.connecting
    private var written = 0
    private var parser = HTTPResponseParser()
    private var status: Int?
    /// Set once the answer's head says `text/event-stream`: only such a body is split into events.
    private var events: SSEParser?
    private var receipt = ReceivedWhenAbandoned.Receipt()
    /// The body of an answer with a server error, its first `ProxyErrorLine.bodyLimit` bytes: why the proxy
    /// failed. Nil for other answers, and once another request's error answer has said why.
    private var serverErrorBody: [UInt8]?
    /// The connect's limit while connecting, then the hang-up.
    private var deadlineTimer: TimerID?
    /// For an arrival client: where and what to ask about its request's arrival.
    private let arrival: Arrival?
    /// For an arrival client: the question under way, from the moment the request starts going out.
    private var watch: ArrivalWatch?
    /// For an arrival client: whether its request's arrival is known.
    private var arrived = false
    /// When the request started going out, Unix seconds.
    private var sendingSince: Double?
    /// For a realtime request: its upgrade's key and its message.
    private let realtime: RealtimeOpening?
    /// For a realtime request whose upgrade was accepted: the server's frames.
    private var frames = WebSocketFrameReader(peerMasks: false)

    /// What an arrival client needs to learn when its request arrived: the backend's address and root, the
    /// token its request carries, and how long it waits for the arrival at most.
    struct Arrival {
        let address: SocketAddress
        let root: HTTPURL
        let token: String
        let limit: Duration
    }

    init(
        tracker: LoadTracker, bytes: [UInt8], behaviour: ClientBehaviour, timeout: Duration,
        format: (any StreamingAPIFormat)?, arrival: Arrival? = nil, realtime: RealtimeOpening? = nil
    ) {
        self.realtime = realtime
        self.tracker = tracker
        self.bytes = bytes
        self.behaviour = behaviour
        self.timeout = timeout
        self.format = format
        self.arrival = arrival
    }

    /// Starts connecting; a connection not made within `connectTimeout` ends as a connect failure.
    func launch(to address: SocketAddress, connectTimeout: Duration) {
        do {
            descriptor = try Socket.startConnect(to: address)
            Socket.disableNagle(descriptor)
            try tracker.loop.register(descriptor, for: .writable, handler: self)
        } catch {
            end(.connectFailed)
            return
        }
        // Strong capture: the loop releases the closure when it fires or is cancelled.
        deadlineTimer = tracker.loop.schedule(after: connectTimeout) { [self] in connectTimeoutPassed() }
    }

    /// A loop stalled past the connect's limit may reach this timer before the readiness that says the
    /// connection was made: only a connection still not made is a connect failure.
    private func connectTimeoutPassed() {
        deadlineTimer = nil
        if Socket.isConnected(descriptor) { handle(.writable) } else { end(.connectFailed) }
    }

    func handle(_ events: IOEvents) {
        switch phase {
        case .connecting:
            let code = Socket.pendingError(descriptor)
            if code != 0 || events.contains(.error) { return end(.connectFailed) }
            phase = .sending
            sendingSince = LabClock.unixSeconds()
            // The timeout starts now, as the request starts going out (see `LoadClient`); an arrival client's
            // starts at its request's arrival, and until then only its arrival limit runs.
            if let deadlineTimer { tracker.loop.cancel(deadlineTimer) }
            if let arrival {
                deadlineTimer = tracker.loop.schedule(after: arrival.limit) { [self] in
                    tracker.leftBeforeArrival()
                    hangUp()
                }
                watch = ArrivalWatch(
                    loop: tracker.loop, address: arrival.address, root: arrival.root, token: arrival.token,
                    wait: arrival.limit, onArrival: { [self] at in requestArrived(at: at) },
                    onUnavailable: { [self] reason in arrivalUnavailable(reason) })
            } else {
                deadlineTimer = tracker.loop.schedule(after: timeout) { [self] in hangUp() }
            }
            send()
        case .sending:
            send()
        case .awaitingAnswer, .websocket:
            receive()
        case .ended:
            break
        }
    }

    /// Gives up at the deadline: with a reset or an orderly close, as the behaviour says.
    private func hangUp() {
        end(behaviour == .reset ? .reset : .timedOut)
    }

    /// The backend says the request arrived at `at` (Unix seconds, its clock): the client leaves `timeout`
    /// after that moment, not after the answer reached it.
    private func requestArrived(at: Double) {
        watch = nil
        guard phase != .ended, !arrived else { return }
        arrived = true
        tracker.arrived(after: at - (sendingSince ?? at))
        tracker.passedTheProxy()
        if let deadlineTimer { tracker.loop.cancel(deadlineTimer) }
        let remaining = max(0, at + timeout.seconds - LabClock.unixSeconds())
        deadlineTimer = tracker.loop.schedule(after: .seconds(remaining)) { [self] in hangUp() }
    }

    /// The backend cannot say when the request arrived: the client falls back to its wall-clock timeout,
    /// counted from when the request went out (at once when that has passed), and the summary says so.
    private func arrivalUnavailable(_ reason: String) {
        watch = nil
        guard phase != .ended, !arrived else { return }
        tracker.arrivalUnavailable(reason)
        if let deadlineTimer { tracker.loop.cancel(deadlineTimer) }
        let remaining = max(
            0, (sendingSince ?? LabClock.unixSeconds()) + timeout.seconds - LabClock.unixSeconds())
        deadlineTimer = tracker.loop.schedule(after: .seconds(remaining)) { [self] in hangUp() }
    }

    private func send() {
        switch Socket.write(descriptor, bytes[written...]) {
        case .success(let count):
            written += count
            guard written == bytes.count else { return }
            tracker.sent()
            phase = .awaitingAnswer
            try? tracker.loop.modify(descriptor, interest: [.readable, .peerHangUp])
        case .failure(let error):
            end(.failed("failed while sending: \(error)"))
        }
    }

    private func receive() {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while phase == .awaitingAnswer || phase == .websocket {
            let result = buffer.withUnsafeMutableBytes { Socket.read(descriptor, into: $0) }
            switch result {
            case .bytes(let count) where phase == .websocket:
                frames.feed(buffer.prefix(count))
                readFrames()
            case .bytes(let count):
                parser.feed(buffer.prefix(count))
                drainParser()
            case .wouldBlock:
                return
            case .endOfStream where phase == .websocket:
                return end(.failed("the server closed the websocket"))
            case .endOfStream:
                if case .end = parser.peerClosed(), let status { return end(.answered(status: status)) }
                return end(.failed(status == nil ? "closed without an answer" : "closed mid-answer"))
            case .failed(let code):
                return end(.failed("connection failed: \(SystemError("recv", code: code).description)"))
            }
        }
    }

    private func drainParser() {
        while phase == .awaitingAnswer, let event = parser.next() {
            switch event {
            case .head(let head) where head.status.code == 101 && realtime != nil:
                return openWebSocket(head)
            case .head(let head):
                status = head.status.code
                receipt.head = true
                if head.status.code >= 500, tracker.wantsServerErrorBody { serverErrorBody = [] }
                if head.headers["Content-Type"]?.lowercased().hasPrefix("text/event-stream") == true {
                    events = SSEParser()
                }
            case .body(let bytes):
                if let kept = serverErrorBody?.count {
                    serverErrorBody?.append(contentsOf: bytes.prefix(max(0, ProxyErrorLine.bodyLimit - kept)))
                }
                receive(bodyPiece: bytes)
            case .end: end(.answered(status: status ?? 0))
            case .failure(let error): end(.failed("malformed answer: \(error)"))
            }
        }
    }

    /// The upgrade was answered: the socket is open when the answer accepts its key; the message goes out.
    private func openWebSocket(_ head: HTTPResponseHead) {
        guard let realtime, WebSocketHandshake.accepts(head, key: realtime.key) else {
            return end(.failed("websocket upgrade answered without a matching Sec-WebSocket-Accept"))
        }
        phase = .websocket
        status = 101
        receipt.head = true
        frames.feed(parser.takeBytesAfterSwitch())
        // One small frame on a socket that has sent only its upgrade: the kernel takes it whole.
        guard case .success(realtime.message.count) = Socket.write(descriptor, realtime.message[...]) else {
            return end(.failed("could not send the realtime message"))
        }
        readFrames()
    }

    /// Counts the server's messages as events, answers its pings; a close or a bad frame ends the request.
    private func readFrames() {
        while phase == .websocket {
            let frame: WebSocketFrame?
            do { frame = try frames.next() } catch { return end(.failed("bad websocket frame: \(error)")) }
            guard let frame else { return }
            switch frame.opcode {
            case .text, .binary:
                receipt.events += 1
                tracker.receivedEvent()
            case .ping:
                let pong = WebSocketFrame(opcode: .pong, payload: frame.payload)
                _ = Socket.write(descriptor, pong.encoded(maskingKey: WebSocketFrame.newMaskingKey())[...])
            case .close:
                return end(
                    .failed(
                        "the server closed the websocket (\(frame.closeCode.map(String.init) ?? "no code"))"))
            case .pong, .continuation:
                break
            }
        }
    }

    private func receive(bodyPiece: [UInt8]) {
        guard let received = events?.feed(bodyPiece) else { return }
        for event in received {
            receipt.events += 1
            tracker.receivedEvent()
            guard let content = format?.content(of: event) else { continue }
            receipt.contentChunks += 1
            receipt.contentBytes += content.utf8.count
            if case .afterContentChunks(let limit) = behaviour, receipt.contentChunks >= limit {
                return end(.leftAfterContent)
            }
        }
    }

    private func end(_ ending: Ending) {
        guard phase != .ended else { return }
        phase = .ended
        if let deadlineTimer { tracker.loop.cancel(deadlineTimer) }
        watch?.cancel()
        watch = nil
        if descriptor >= 0 {
            tracker.loop.deregister(descriptor)
            if ending == .reset { Socket.resetOnClose(descriptor) }
            close(descriptor)
        }
        if case .answered = ending, let serverErrorBody {
            tracker.answeredWithServerError(body: serverErrorBody)
        }
        if !arrived { tracker.passedTheProxy() }
        tracker.ended(ending, receipt: receipt)
    }
}
