import Foundation
@testable import LabCore
@testable import LabEventLoop
@testable import LabWire
import Synchronization
import Testing

import LabTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback listener on its own thread that reads one request per connection and answers each
/// with `reply` (or closes without answering when it is nil), keeping the raw bytes it received.
final class RawListener: Sendable {
    let port: Int
    private let listener: Int32
    private let received = Mutex<[String]>([])
    private let done = DispatchSemaphore(value: 0)

    init(connections: Int, reply: String?) throws {
        listener = try Socket.listen(host: "127.0.0.1", port: 0)
        port = try SocketAddress.local(of: listener).port
        let thread = Thread { [self] in
            for _ in 0..<connections {
                guard let connection = accept(within: 5_000) else { break }
                let request = readRequest(from: connection)
                received.withLock { $0.append(request) }
                if let reply {
                    let bytes = Array(reply.utf8)
                    _ = bytes.withUnsafeBytes {
                        send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                    }
                    // Linger until the client hangs up, so the client (not we) ends the exchange.
                    var buffer = [UInt8](repeating: 0, count: 1024)
                    while recv(connection, &buffer, buffer.count, 0) > 0 {}
                }
                close(connection)
            }
            done.signal()
        }
        thread.start()
    }

    deinit { close(listener) }

    /// Every request received so far, as raw text.
    var requests: [String] { received.withLock { $0 } }

    /// Waits until the listener thread handled all its connections (or gave up).
    func finish() { done.wait() }

    private func accept(within milliseconds: Int32) -> Int32? {
        var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, milliseconds) == 1 else { return nil }
        let connection = Glibc.accept(listener, nil, nil)
        guard connection >= 0 else { return nil }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return connection
    }

    /// Reads one whole request (head and Content-Length body) and returns its raw text.
    private func readRequest(from connection: Int32) -> String {
        var raw: [UInt8] = []
        var parser = HTTPRequestParser()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(connection, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            raw += buffer.prefix(count)
            parser.feed(buffer.prefix(count))
            if parser.next() != nil { break }
        }
        return String(decoding: raw, as: UTF8.self)
    }
}

/// A loopback port bound but not listening, held until the test releases it: a connect to it is refused,
/// and no one else can take the port meanwhile (as anyone could a port probed and closed).
final class RefusingPort {
    let port: Int
    private let descriptor: Int32

    init() throws {
        let address = try SocketAddress.resolve(host: "127.0.0.1", port: 0)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw SystemError("socket") }
        self.descriptor = descriptor
        guard address.withSockaddr({ bind(descriptor, $0, $1) }) == 0 else {
            let error = SystemError("bind")
            close(descriptor)
            throw error
        }
        port = try SocketAddress.local(of: descriptor).port
    }

    deinit { close(descriptor) }
}
