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
    private var outbound: [UInt8] = []
    private var outboundOffset = 0
    private var held: (request: HTTPRequest, timer: TimerID)?
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
        context.withReadBuffer { buffer in
            reading: while true {
                switch Socket.read(descriptor, into: buffer) {
                case .bytes(let count): parser.feed(buffer.prefix(count))
                case .wouldBlock: break reading
                case .endOfStream, .failed: peerGone = true; break reading
                }
            }
        }
        // Requests that arrived complete before a hang-up are still served (or refused) first.
        if machine.isReading { parseBuffered() }
        if peerGone { perform(machine.peerClosed()) }
    }

    private func parseBuffered() {
        // A response written at once re-enters here through `writeDrained`; the outer loop goes on instead.
        guard !isParsing else { return }
        isParsing = true
        defer { isParsing = false }
        while machine.isReading, let event = parser.next() {
            switch event {
            case .request(let request):
                let route = BackendRoute(method: request.head.method, path: request.head.path)
                if case .api = route, ChatCompletion.requestedModel(in: request.body) != nil {
                    if machine.requestParsed(holds: true, keepAlive: request.head.keepAlive) == .startHold {
                        startHold(request)
                    }
                } else if case .api = route {
                    refuse(.badRequest, reason: "body is not a JSON object with a model", allow: nil)
                } else if case .refused(let status, let allow) = route {
                    refuse(status, reason: "\(request.head.method) \(request.head.path)", allow: allow)
                } else {
                    perform(machine.requestParsed(holds: false, keepAlive: request.head.keepAlive),
                            response: context.controlResponse(
                                for: route, headOnly: request.head.method == "HEAD", keepAlive: request.head.keepAlive))
                }
            case .failure(let error):
                refuse(error.status, reason: "\(error)", allow: nil)
            }
        }
    }

    private func startHold(_ request: HTTPRequest) {
        let id = context.requestStarted(request.head)
        machine.holdStarted(requestID: id)
        // Strong capture: the loop drops this closure when the timer fires or is cancelled on close.
        let timer = context.loop.schedule(after: context.configuration.hold) { [self] in
            perform(machine.holdElapsed(keepAlive: request.head.keepAlive))
        }
        held = (request, timer)
    }

    private func refuse(_ status: HTTPStatus, reason: String, allow: String?) {
        context.requestRejected(status: status, reason: reason)
        var headers = HTTPHeaders([("Content-Type", "application/json"), ("Connection", "close")])
        if let allow { headers.add(name: "Allow", value: allow) }
        let body = #"{"error":{"message":"\#(status.code) \#(status.reasonPhrase)"}}"#
        perform(machine.requestRefused(),
                response: HTTPResponse(status: status, headers: headers, body: Array(body.utf8)))
    }

    private func perform(_ action: StateMachine.Action, response: HTTPResponse? = nil) {
        switch action {
        case .awaitBytes, .ignore, .startHold:
            break
        case .respond:
            if let response { send(response) }
        case .answerHeld(let id, _):
            guard let held else { return }
            self.held = nil
            send(context.requestCompleted(id, request: held.request))
        case .releaseAbandoned(let id):
            if let held { context.loop.cancel(held.timer) }
            held = nil
            context.requestAbandoned(id)
            closeConnection()
        case .parseBuffered:
            parseBuffered()
        case .close:
            closeConnection()
        }
    }

    private func send(_ response: HTTPResponse) {
        outbound = response.serialized()
        outboundOffset = 0
        flush()
    }

    private func flush() {
        guard outboundOffset < outbound.count else { return }
        switch Socket.write(descriptor, outbound[outboundOffset...]) {
        case .success(let written):
            outboundOffset += written
            if outboundOffset < outbound.count {
                try? context.loop.modify(descriptor, interest: [.readable, .peerHangUp, .writable])
                return
            }
            outbound = []
            outboundOffset = 0
            try? context.loop.modify(descriptor, interest: [.readable, .peerHangUp])
            perform(machine.writeDrained())
        case .failure:
            perform(machine.peerClosed())
        }
    }

    private func closeConnection() {
        if let held { context.loop.cancel(held.timer) }
        held = nil
        context.loop.deregister(descriptor)
        close(descriptor)
    }
}
