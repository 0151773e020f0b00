import LabAPI
import LabCore
import LabRecords
import LabEventLoop
import LabWire

#if canImport(Glibc)
    import Glibc
#endif

/// One accepted connection: reads requests, holds API calls, and notices the peer hanging up at once.
///
/// Performs the `StateMachine`'s actions and keeps only resources: the socket, the parser's buffer, the bytes
/// queued for the peer and the held request's timers. The server's `BackendContext` does the counting and
/// routing.
final class BackendConnection: EventHandler {
    private let descriptor: Int32
    unowned let context: BackendContext
    var parser: HTTPRequestParser
    var machine: StateMachine
    private var outbound = Outbound()
    private var held: HeldRequest?
    /// The token a `GET /arrivals` waits for, and the timer that ends the wait.
    private var arrivalWait: (token: String, timer: TimerID)?
    /// An open websocket's frames from the peer, and the timer that ends its hold.
    var websocket: (frames: WebSocketFrameReader, holdTimer: TimerID?)?

    init(descriptor: Int32, context: BackendContext) {
        self.descriptor = descriptor
        self.context = context
        parser = HTTPRequestParser(limits: context.configuration.limits)
        machine = StateMachine(context.configuration)
    }

    func handle(_ events: IOEvents) {
        if !events.isDisjoint(with: [.readable, .peerHangUp, .error]) { readAvailable() }
        if events.contains(.writable) { flush() }
    }

    private func readAvailable() {
        // Bounded per readiness event: level-triggered epoll calls again for the rest, so one fast sender
        // cannot keep the loop from everyone else.
        for _ in 0..<Self.readsPerEvent {
            guard !machine.isClosed else { return }
            var result = Socket.ReadResult.wouldBlock
            var input = StateMachine.Input.drop
            context.withReadBuffer { buffer in
                result = Socket.read(descriptor, into: buffer)
                guard case .bytes(let count) = result else { return }
                input = machine.bytesRead(count)
                switch input {
                case .parse, .buffer: parser.feed(buffer.prefix(count))
                case .frames: websocket?.frames.feed(buffer.prefix(count))
                case .drop: break
                }
            }
            switch result {
            // Parsing as bytes arrive lets the limits cut an endless header or body short.
            case .bytes:
                if input == .parse { parseBuffered() }
                if input == .frames { readFrames() }
            case .wouldBlock: return
            case .endOfStream, .failed: return perform(machine.peerClosed())
            }
        }
    }

    /// 16 reads of the 64 KiB buffer: 1 MiB per connection per turn of the loop.
    private static let readsPerEvent = 16

    private func parseBuffered() {
        machine.parsingStarted()
        defer { machine.parsingEnded() }
        while machine.isReading, let event = parser.next() {
            switch event {
            case .request(let request): serve(request)
            case .failure(let error): refuse(error.status, reason: "\(error)", allow: nil)
            }
        }
    }

    private func serve(_ request: HTTPRequest) {
        let head = request.head
        switch BackendRoute(method: head.method, target: head.target) {
        case .api(let endpoint):
            if endpoint == .mcpToolCall, let handshake = MCPToolCallFormat.handshakeAnswer(to: request.body) {
                return answerHandshake(handshake, keepAlive: head.keepAlive)
            }
            guard
                let body = APICall.Body(
                    request.body, contentType: head.headers["Content-Type"],
                    namesModel: endpoint.format.namesModel)
            else {
                return refuse(
                    .badRequest, reason: "body is not a JSON object (or a form) with a model",
                    allow: nil)
            }
            startHold(
                endpoint: endpoint, body: body, head: head,
                probe: SlotProbePrompt.isCarried(by: request.body),
                arrivalToken: ArrivalToken.carried(by: request.body))
        case .realtime:
            openWebSocket(head)
        case .arrival(let token, let wait):
            awaitArrival(of: token, wait: wait, keepAlive: head.keepAlive)
        case .refused(let status, let allow):
            refuse(status, reason: "\(head.method) \(head.path)", allow: allow)
        case let route:
            perform(
                machine.controlRequestParsed(keepAlive: head.keepAlive),
                response: context.controlResponse(
                    for: route, headOnly: head.method == "HEAD", keepAlive: head.keepAlive))
        }
    }

    /// Answers an MCP server's handshake at once, uncounted: only the tool call that follows is held.
    private func answerHandshake(_ handshake: MCPToolCallFormat.Handshake, keepAlive: Bool) {
        var response =
            switch handshake {
            case .result(let answer):
                HTTPResponse(
                    status: .ok, headers: HTTPHeaders([("Content-Type", "application/json")]),
                    body: answer.bytes)
            case .accepted: HTTPResponse(status: HTTPStatus(code: 202), headers: HTTPHeaders([]), body: [])
            }
        if !keepAlive { response.head.headers.add(name: "Connection", value: "close") }
        perform(machine.controlRequestParsed(keepAlive: keepAlive), response: response)
    }

    private func startHold(
        endpoint: APIEndpoint, body: APICall.Body, head: HTTPRequestHead, probe: Bool, arrivalToken: String?
    ) {
        let streamFormat = body.stream ? endpoint.format as? any StreamingAPIFormat : nil
        guard
            let (call, hasSlot) = context.requestArrived(
                head, body: body, stream: streamFormat != nil, probe: probe, arrivalToken: arrivalToken,
                on: self)
        else {
            // A model server's answer when it is overloaded (vLLM's waiting-queue limit, an OpenAI 503).
            return sendError(
                .serviceUnavailable,
                message: "the server is overloaded: every slot is busy and the queue is full",
                allow: nil)
        }
        // A fresh parser gives back the storage of the request just parsed, which a hold would keep for an hour.
        if !parser.hasBufferedBytes { parser = HTTPRequestParser(limits: context.configuration.limits) }
        held = HeldRequest(
            call: call, format: endpoint.format,
            stream: streamFormat.map {
                EventStream(format: $0, call: call, answerTokens: context.configuration.timeline.tokens)
            })
        perform(
            machine.apiRequestParsed(
                requestID: call.requestID, stream: streamFormat != nil,
                atOnce: probe || endpoint.answersAtOnce,
                keepAlive: head.keepAlive,
                hasSlot: hasSlot, now: LabClock.monotonicNanoseconds()))
    }

    /// Answers a `GET /arrivals` for `token` at once when its request has arrived, else when it arrives or
    /// after `wait` seconds, whichever comes first.
    private func awaitArrival(of token: String, wait: Double, keepAlive: Bool) {
        perform(machine.arrivalWaitParsed(keepAlive: keepAlive))
        if let record = context.arrival(of: token) { return answerArrival(of: token, record: record) }
        // Strong capture: the loop drops this closure when the timer fires or is cancelled on close.
        let timer = context.loop.schedule(after: .seconds(wait)) { [self] in
            arrivalWait = nil
            context.stopAwaitingArrival(of: token, by: self)
            answerArrival(of: token, record: nil)
        }
        arrivalWait = (token, timer)
        context.awaitArrival(of: token, by: self)
    }

    /// The request this connection's `GET /arrivals` waits for arrived: the context has forgotten the wait.
    func arrived(_ record: RequestRecord) {
        guard let wait = arrivalWait else { return }
        context.loop.cancel(wait.timer)
        arrivalWait = nil
        answerArrival(of: wait.token, record: record)
    }

    private func answerArrival(of token: String, record: RequestRecord?) {
        perform(
            machine.arrivalAnswered(),
            response: context.arrivalResponse(
                token: token, record: record, keepAlive: !machine.closesAfterWrite))
    }

    /// The waiting request was given a slot: it is held from now on.
    func slotGranted() {
        perform(machine.slotGranted(now: LabClock.monotonicNanoseconds()))
    }

    /// Counts a malformed, oversized or unroutable request as rejected and answers it with `status`.
    func refuse(_ status: HTTPStatus, reason: String, allow: String?) {
        context.requestRejected(status: status, reason: reason)
        sendError(status, message: "\(status.code) \(status.reasonPhrase)", allow: allow)
    }

    /// Answers with an OpenAI-style error and closes.
    private func sendError(_ status: HTTPStatus, message: String, allow: String?) {
        var headers = HTTPHeaders([("Content-Type", "application/json"), ("Connection", "close")])
        if let allow { headers.add(name: "Allow", value: allow) }
        let body = #"{"error":{"message":"\#(message)"}}"#
        perform(
            machine.requestRefused(),
            response: HTTPResponse(status: status, headers: headers, body: Array(body.utf8)))
    }

    func perform(_ action: StateMachine.Action, response: HTTPResponse? = nil) {
        switch action {
        case .none:
            break
        case .startHold(let id, let send, let firstTokenAt, let holdEndsAt, let closeAfterAnswer):
            // Strong capture: the loop drops this closure when the timer fires or is cancelled on close.
            held?.holdTimer = context.loop.schedule(at: holdEndsAt) { [self] in
                perform(machine.holdElapsed())
            }
            held?.tokenTimer = firstTokenAt.map(scheduleToken)
            guard send != .nothing, let head = held?.streamHead(closing: closeAfterAnswer) else { return }
            outbound.append(head, as: .plain)
            if send == .opening {
                for event in held?.stream?.opening() ?? [] { queue(event, of: id) }
            }
            flush()
        case .sendToken(let id, let nextTokenAt):
            held?.tokenTimer = nextTokenAt.map(scheduleToken)
            // A peer that stops reading fills the socket: the stream skips tokens until it drains, as a server
            // awaiting drain does, instead of queueing without bound.
            guard outbound.isEmpty, let event = held?.stream?.nextToken() else { return }
            queue(event, of: id)
            flush()
        case .answerHeld(let id, let closeAfterWrite):
            completeHeld(id, streamOpen: false, closing: closeAfterWrite)
        case .finishStream(let id, let closeAfterWrite):
            completeHeld(id, streamOpen: true, closing: closeAfterWrite)
        case .respond:
            if let response { send(response.serialized()) }
        case .releaseAbandoned(let id):
            context.requestAbandoned(id)
            closeConnection()
        case .openWebSocket(_, let holdEndsAt):
            // Strong capture: the loop drops this closure when the timer fires or is cancelled on close.
            websocket?.holdTimer = context.loop.schedule(at: holdEndsAt) { [self] in
                perform(machine.holdElapsed())
            }
        case .closeWebSocket(let id, let abandoned, let closeCode):
            if let timer = websocket?.holdTimer { context.loop.cancel(timer) }
            websocket = nil
            if abandoned { context.requestAbandoned(id) } else { _ = context.requestCompleted(id) }
            send(WebSocketFrame.close(code: closeCode).encoded(maskingKey: nil))
        case .parseBuffered:
            parseBuffered()
        case .close:
            closeConnection()
        }
    }

    /// Counts the held request as completed and sends its answer, or the rest of its stream when open.
    private func completeHeld(_ id: Int, streamOpen: Bool, closing: Bool) {
        guard let held else {
            preconditionFailure("backend connection: request #\(id) completed but not held")
        }
        held.cancelTimers(on: context.loop)
        self.held = nil
        let heldSeconds = context.requestCompleted(id)
        guard var stream = held.stream else {
            return send(held.answer(heldSeconds: heldSeconds, closing: closing).serialized())
        }
        if !streamOpen { outbound.append(held.streamHead(closing: closing), as: .plain) }
        for event in stream.rest() { queue(event, of: id) }
        outbound.append(HTTPChunkedEncoding.lastChunk, as: .streamed(requestID: id, isEvent: false))
        flush()
    }

    /// One event per chunk, so the chunks counted are the events written.
    private func queue(_ event: SSEEvent, of id: Int) {
        outbound.append(
            HTTPChunkedEncoding.chunk(event.serialized), as: .streamed(requestID: id, isEvent: true))
    }

    private func scheduleToken(at deadline: UInt64) -> TimerID {
        context.loop.schedule(at: deadline) { [self] in perform(machine.tokenTick()) }
    }

    func send(_ bytes: [UInt8]) {
        outbound.append(bytes, as: .plain)
        flush()
    }

    private func flush() {
        guard !outbound.isEmpty else { return }
        switch Socket.write(descriptor, outbound.unwritten) {
        case .success(let written):
            for progress in outbound.didWrite(written) { context.streamed(progress) }
            if !outbound.isEmpty {
                try? context.loop.modify(descriptor, interest: [.readable, .peerHangUp, .writable])
                return
            }
            try? context.loop.modify(descriptor, interest: [.readable, .peerHangUp])
            perform(machine.writeDrained())
        case .failure:
            perform(machine.peerClosed())
        }
    }

    private func closeConnection() {
        held?.cancelTimers(on: context.loop)
        held = nil
        if let timer = websocket?.holdTimer { context.loop.cancel(timer) }
        websocket = nil
        if let wait = arrivalWait {
            context.loop.cancel(wait.timer)
            context.stopAwaitingArrival(of: wait.token, by: self)
            arrivalWait = nil
        }
        // Whatever was still queued is dropped uncounted: it never reached the peer.
        outbound = Outbound()
        context.loop.closeAfterBatch(descriptor)
    }
}
