import LabAPI
import LabCore
import LabEventLoop
import LabWire

#if canImport(Glibc)
    import Glibc
#endif

/// One accepted connection: reads requests, holds API calls, and notices the peer hanging up at once.
///
/// Performs the `StateMachine`'s actions; the server's `BackendContext` does the counting and routing.
final class BackendConnection: EventHandler {
    private let descriptor: Int32
    private unowned let context: BackendContext
    private var parser: HTTPRequestParser
    private var machine = StateMachine()
    private var outbound = Outbound()
    private var held: HeldRequest?
    private var isParsing = false

    init(descriptor: Int32, context: BackendContext) {
        self.descriptor = descriptor
        self.context = context
        parser = HTTPRequestParser(limits: context.configuration.limits)
    }

    func handle(_ events: IOEvents) {
        if !events.isDisjoint(with: [.readable, .peerHangUp, .error]) { readAvailable() }
        if events.contains(.writable) { flush() }
    }

    private func readAvailable() {
        var peerGone = false
        var reads = 0
        // Bounded per readiness event: level-triggered epoll calls again for the rest, so one fast sender
        // cannot keep the loop from everyone else.
        while reads < Self.readsPerEvent, !isClosed, !peerGone {
            reads += 1
            var result = Socket.ReadResult.wouldBlock
            context.withReadBuffer { buffer in
                result = Socket.read(descriptor, into: buffer)
                guard case .bytes(let count) = result else { return }
                if machine.isReading {
                    parser.feed(buffer.prefix(count))
                } else if heldInputBytes + count <= heldInputLimit {
                    heldInputBytes += count
                    parser.feed(buffer.prefix(count))
                } else {
                    // Input pipelined past the limits behind a held request is dropped, not buffered, and the
                    // connection closes after the answer. Reading goes on, so a hang-up is still seen at once.
                    droppedInput = true
                }
            }
            switch result {
            // Parsing as bytes arrive lets the limits cut an endless header or body short.
            case .bytes: if machine.isReading { parseBuffered() }
            case .wouldBlock: reads = Self.readsPerEvent
            case .endOfStream, .failed: peerGone = true
            }
        }
        // Requests that arrived complete before a hang-up are still served (or refused) first.
        if machine.isReading && !isClosed { parseBuffered() }
        if peerGone { perform(machine.peerClosed()) }
    }

    /// 16 reads of the 64 KiB buffer: 1 MiB per connection per turn of the loop.
    private static let readsPerEvent = 16
    private var heldInputBytes = 0
    private var droppedInput = false
    private var isClosed = false
    private var heldInputLimit: Int {
        context.configuration.limits.maxHeaderBlockBytes + context.configuration.limits.maxBodyBytes
    }

    private func parseBuffered() {
        // A response written at once re-enters here through `writeDrained`; the outer loop goes on instead.
        guard !isParsing else { return }
        isParsing = true
        defer { isParsing = false }
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
            guard let body = APICall.Body(json: request.body) else {
                return refuse(.badRequest, reason: "body is not a JSON object with a model", allow: nil)
            }
            if machine.requestParsed(holds: true, keepAlive: head.keepAlive) == .startHold {
                startHold(endpoint: endpoint, body: body, head: head)
            }
        case .refused(let status, let allow):
            refuse(status, reason: "\(head.method) \(head.path)", allow: allow)
        case let route:
            perform(
                machine.requestParsed(holds: false, keepAlive: head.keepAlive),
                response: context.controlResponse(
                    for: route, headOnly: head.method == "HEAD", keepAlive: head.keepAlive))
        }
    }

    private func startHold(endpoint: APIEndpoint, body: APICall.Body, head: HTTPRequestHead) {
        let streamFormat = body.stream ? endpoint.format as? any StreamingAPIFormat : nil
        let call = context.requestStarted(head, body: body, stream: streamFormat != nil)
        heldInputBytes = 0
        // A fresh parser gives back the storage of the request just parsed, which a hold would keep for an hour.
        if !parser.hasBufferedBytes { parser = HTTPRequestParser(limits: context.configuration.limits) }
        // Strong capture: the loop drops this closure when the timer fires or is cancelled on close.
        let keepAlive = head.keepAlive
        let timer = context.loop.schedule(after: context.configuration.hold) { [self] in
            perform(machine.holdElapsed(keepAlive: keepAlive && !droppedInput))
        }
        let answerTokens = context.configuration.timeline.tokens
        held = HeldRequest(
            call: call, format: endpoint.format, keepAlive: head.keepAlive, holdTimer: timer,
            stream: streamFormat.map { EventStream(format: $0, call: call, answerTokens: answerTokens) })
        let plan = HoldPlan(
            behaviour: context.configuration.behaviour, stream: streamFormat != nil,
            answerTokens: answerTokens)
        perform(machine.holdStarted(requestID: call.requestID, plan: plan))
    }

    private func refuse(_ status: HTTPStatus, reason: String, allow: String?) {
        context.requestRejected(status: status, reason: reason)
        var headers = HTTPHeaders([("Content-Type", "application/json"), ("Connection", "close")])
        if let allow { headers.add(name: "Allow", value: allow) }
        let body = #"{"error":{"message":"\#(status.code) \#(status.reasonPhrase)"}}"#
        perform(
            machine.requestRefused(),
            response: HTTPResponse(status: status, headers: headers, body: Array(body.utf8)))
    }

    private func perform(_ action: StateMachine.Action, response: HTTPResponse? = nil) {
        switch action {
        case .awaitBytes, .ignore, .startHold, .keepHolding:
            break
        case .respond:
            if let response { send(response.serialized()) }
        case .openStream(let id, let opening, let timer):
            guard let head = held?.streamHead else { return }
            outbound.append(head, as: .plain)
            if opening {
                for event in held?.stream?.opening() ?? [] { queue(event, of: id) }
            }
            if let timer { scheduleToken(timer) }
            flush()
        case .sendToken(let id, let timer):
            if let timer { scheduleToken(timer) }
            // A peer that stops reading fills the socket: the stream skips tokens until it drains, as a server
            // awaiting drain does, instead of queueing without bound.
            guard outbound.isEmpty, let event = held?.stream?.nextToken() else { return }
            queue(event, of: id)
            flush()
        case .answerHeld(let id, _):
            completeHeld(id, streamOpen: false)
        case .finishStream(let id, _):
            completeHeld(id, streamOpen: true)
        case .releaseAbandoned(let id):
            context.requestAbandoned(id)
            closeConnection()
        case .parseBuffered:
            parseBuffered()
        case .close:
            closeConnection()
        }
    }

    /// Counts the held request as completed and sends its answer, or the rest of its stream when open.
    private func completeHeld(_ id: Int, streamOpen: Bool) {
        guard let held else { return }
        held.cancelTimers(on: context.loop)
        self.held = nil
        let heldSeconds = context.requestCompleted(id)
        guard var stream = held.stream else {
            return send(held.answer(heldSeconds: heldSeconds).serialized())
        }
        if !streamOpen { outbound.append(held.streamHead, as: .plain) }
        for event in stream.rest() { queue(event, of: id) }
        outbound.append(HTTPChunkedEncoding.lastChunk, as: .streamed(requestID: id, isEvent: false))
        flush()
    }

    /// One event per chunk, so the chunks counted are the events written.
    private func queue(_ event: SSEEvent, of id: Int) {
        outbound.append(
            HTTPChunkedEncoding.chunk(event.serialized), as: .streamed(requestID: id, isEvent: true))
    }

    private func scheduleToken(_ timer: StateMachine.TokenTimer) {
        let timeline = context.configuration.timeline
        // Absolute deadlines, so a busy loop delays tokens without making the stream drift slower.
        let deadline =
            switch timer {
            case .firstToken: LabClock.monotonicNanoseconds() + timeline.timeToFirstToken.nanoseconds
            case .nextToken:
                (held?.tick?.deadline ?? LabClock.monotonicNanoseconds()) + timeline.tokenInterval.nanoseconds
            }
        let id = context.loop.schedule(at: deadline) { [self] in
            perform(machine.tokenTick(keepAlive: held?.keepAlive == true && !droppedInput))
        }
        held?.tick = (id, deadline)
    }

    private func send(_ bytes: [UInt8]) {
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
        isClosed = true
        held?.cancelTimers(on: context.loop)
        held = nil
        // Whatever was still queued is dropped uncounted: it never reached the peer.
        outbound = Outbound()
        context.loop.closeAfterBatch(descriptor)
    }
}
