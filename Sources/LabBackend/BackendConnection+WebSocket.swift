import LabAPI
import LabCore
import LabWire

extension BackendConnection {
    /// Accepts a websocket upgrade to the Realtime API as a realtime server does: the 101 answer, then
    /// `session.created`, then nothing until the client speaks, closes, or the hold ends. The open socket
    /// is counted as a held request from the upgrade on.
    func openWebSocket(_ head: HTTPRequestHead) {
        let key: String
        do { key = try WebSocketHandshake.key(of: head) } catch {
            return refuse(.badRequest, reason: "\(head.method) \(head.path): \(error)", allow: nil)
        }
        // RFC 6455 §4.1: a client sends no frame before it has the server's answer.
        guard !parser.hasBufferedBytes else {
            return refuse(
                .badRequest, reason: "bytes behind the websocket upgrade before its answer", allow: nil)
        }
        let id = context.websocketOpened(head)
        // A fresh parser gives back the upgrade request's storage, which the session would keep for its hold.
        parser = HTTPRequestParser(limits: context.configuration.limits)
        websocket = (WebSocketFrameReader(peerMasks: true), nil)
        perform(machine.websocketAccepted(requestID: id, now: LabClock.monotonicNanoseconds()))
        let model = RealtimeEvents.model(inTarget: head.target) ?? "gpt-4o-realtime-preview"
        send(
            WebSocketHandshake.response(toKey: key).serialized()
                + WebSocketFrame.text(RealtimeEvents.sessionCreated(id: id, model: model)).encoded(
                    maskingKey: nil))
    }

    /// Reads the frames that arrived: a message carrying an arrival token marks the session's arrival, a
    /// ping is answered, a close frame or bytes that are no frame end the session.
    func readFrames() {
        while case .websocket(let id) = machine.state {
            let frame: WebSocketFrame?
            do { frame = try websocket?.frames.next() } catch {
                return perform(machine.websocketClosedByPeer(protocolError: true))
            }
            guard let frame else { return }
            switch frame.opcode {
            case .text, .binary:
                if let token = ArrivalToken.carried(by: frame.payload) {
                    context.websocket(id, carried: token)
                }
            case .ping:
                send(WebSocketFrame(opcode: .pong, payload: frame.payload).encoded(maskingKey: nil))
            case .close:
                // Whether the proxy closed its upstream socket in order or only dropped it, for the log's reader.
                context.log.write(
                    "request #\(id) websocket closed by its peer, code \(frame.closeCode.map(String.init) ?? "none")"
                )
                return perform(machine.websocketClosedByPeer(protocolError: false))
            case .pong, .continuation:
                break
            }
        }
    }
}
