import Foundation
import LabCore
import LabEventLoop
import LabRecords
import LabWire

#if canImport(Glibc)
    import Glibc
#endif

/// Asks the fake backend when one request arrived: `GET /arrivals?token=T&wait=S` on the load's own loop,
/// answered by the backend the moment the request carrying T arrives (a long poll: no polling, no waiting
/// thread).
///
/// It reports at most once: the backend's arrival time (Unix seconds), or why the backend cannot say (it
/// cannot be reached, or answers with an error, as a fake backend from before arrivals did: 404). A backend
/// that says the request has not arrived when its wait ends reports nothing: the request's arrival limit
/// ends it, and the summary counts it as never arrived.
final class ArrivalWatch: EventHandler {
    private let loop: EventLoop
    private let bytes: [UInt8]
    private let onArrival: (Double) -> Void
    private let onUnavailable: (String) -> Void
    private var descriptor: Int32 = -1
    private var connected = false
    private var written = 0
    private var parser = HTTPResponseParser()
    private var head: HTTPResponseHead?
    private var body: [UInt8] = []

    /// Starts asking `root`'s backend about `token`, waiting at most `wait`; `onArrival` gets the arrival time,
    /// `onUnavailable` why the backend could not say.
    init(
        loop: EventLoop, address: SocketAddress, root: HTTPURL, token: String, wait: Duration,
        onArrival: @escaping (Double) -> Void, onUnavailable: @escaping (String) -> Void
    ) {
        self.loop = loop
        self.onArrival = onArrival
        self.onUnavailable = onUnavailable
        let seconds = min(600, max(0, (wait.seconds * 1000).rounded(.up) / 1000))
        let request = HTTPRequest(
            method: "GET", target: "/arrivals?token=\(token)&wait=\(seconds)",
            headers: HTTPHeaders([("Host", root.hostHeader), ("Connection", "close"), ("Accept", "*/*")]))
        bytes = request.serialized()
        do {
            descriptor = try Socket.startConnect(to: address)
            try loop.register(descriptor, for: .writable, handler: self)
        } catch {
            fail("could not connect to \(root): \(error)")
        }
    }

    /// Stops asking, and says why the backend could not say.
    private func fail(_ reason: String) {
        cancel()
        onUnavailable(reason)
    }

    /// Stops asking: the request ended, or its arrival is known.
    func cancel() {
        guard descriptor >= 0 else { return }
        loop.deregister(descriptor)
        close(descriptor)
        descriptor = -1
    }

    func handle(_ events: IOEvents) {
        guard descriptor >= 0 else { return }
        if !connected {
            let code = Socket.pendingError(descriptor)
            guard code == 0, !events.contains(.error) else {
                return fail("could not connect: \(SystemError("connect", code: code).description)")
            }
            connected = true
        }
        if written < bytes.count { return send() }
        receive()
    }

    private func send() {
        switch Socket.write(descriptor, bytes[written...]) {
        case .success(let count):
            written += count
            if written == bytes.count { try? loop.modify(descriptor, interest: [.readable, .peerHangUp]) }
        case .failure(let error):
            fail("failed while asking: \(error)")
        }
    }

    private func receive() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while descriptor >= 0 {
            let result = buffer.withUnsafeMutableBytes { Socket.read(descriptor, into: $0) }
            switch result {
            case .bytes(let count):
                parser.feed(buffer.prefix(count))
                while descriptor >= 0, let event = parser.next() { take(event) }
            case .wouldBlock:
                return
            case .endOfStream:
                if let event = parser.peerClosed() { take(event) }
                if descriptor >= 0 { fail("the backend closed before answering") }
                return
            case .failed(let code):
                return fail("failed while asking: \(SystemError("recv", code: code).description)")
            }
        }
    }

    private func take(_ event: HTTPResponseParser.Event) {
        switch event {
        case .head(let value): head = value
        case .body(let piece): body += piece
        case .end:
            cancel()
            guard let status = head?.status.code, status == 200 else {
                return onUnavailable("GET /arrivals answered \(head?.status.code ?? 0)")
            }
            guard let answer = try? JSONCoding.decode(ArrivalAnswer.self, from: Data(body)) else {
                return onUnavailable("GET /arrivals answered what is not an arrival")
            }
            if answer.arrived, let at = answer.arrivedAt { onArrival(at) }
        case .failure(let error): fail("malformed answer to GET /arrivals: \(error)")
        }
    }
}
