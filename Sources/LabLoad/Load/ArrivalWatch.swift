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
/// It reports once, with the backend's arrival time (Unix seconds), or never: a backend that cannot be
/// reached, answers with an error or says the request has not arrived leaves its request to end at its
/// arrival limit, which the summary then counts as never arrived.
final class ArrivalWatch: EventHandler {
    private let loop: EventLoop
    private let bytes: [UInt8]
    private let onArrival: (Double) -> Void
    private var descriptor: Int32 = -1
    private var connected = false
    private var written = 0
    private var parser = HTTPResponseParser()
    private var head: HTTPResponseHead?
    private var body: [UInt8] = []

    /// Starts asking `root`'s backend about `token`, waiting at most `wait`; `onArrival` gets the arrival time.
    init(
        loop: EventLoop, address: SocketAddress, root: HTTPURL, token: String, wait: Duration,
        onArrival: @escaping (Double) -> Void
    ) {
        self.loop = loop
        self.onArrival = onArrival
        let seconds = min(600, max(0, (wait.seconds * 1000).rounded(.up) / 1000))
        let request = HTTPRequest(
            method: "GET", target: "/arrivals?token=\(token)&wait=\(seconds)",
            headers: HTTPHeaders([("Host", root.hostHeader), ("Connection", "close"), ("Accept", "*/*")]))
        bytes = request.serialized()
        do {
            descriptor = try Socket.startConnect(to: address)
            try loop.register(descriptor, for: .writable, handler: self)
        } catch {
            cancel()
        }
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
            guard Socket.pendingError(descriptor) == 0, !events.contains(.error) else { return cancel() }
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
        case .failure:
            cancel()
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
                return cancel()
            case .failed:
                return cancel()
            }
        }
    }

    private func take(_ event: HTTPResponseParser.Event) {
        switch event {
        case .head(let value): head = value
        case .body(let piece): body += piece
        case .end:
            cancel()
            guard head?.status.code == 200,
                let answer = try? JSONCoding.decode(ArrivalAnswer.self, from: Data(body)),
                answer.arrived, let at = answer.arrivedAt
            else { return }
            onArrival(at)
        case .failure: cancel()
        }
    }
}
