import Foundation
@testable import LabCore
@testable import LabLoad
@testable import LabWire
import Testing

import LabTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A blocking loopback TCP client that writes raw bytes, for wire-level tests.
final class RawClient {
    let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw SystemError("connect") }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { Glibc.close(descriptor) }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written <= 0 { return }
            offset += written
        }
    }

    /// Reads until the server closes (or 5 s pass) and returns everything received.
    func readToEnd() -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer.prefix(count)
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// Reads until `count` complete responses have arrived.
    func readResponses(_ count: Int) throws -> [HTTPResponse] {
        var parser = HTTPResponseParser()
        var responses: [HTTPResponse] = []
        var head: HTTPResponseHead?
        var body: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while responses.count < count {
            let received = recv(descriptor, &buffer, buffer.count, 0)
            guard received > 0 else { throw SystemError("recv") }
            parser.feed(buffer.prefix(received))
            while let event = parser.next() {
                switch event {
                case .head(let value): head = value
                case .body(let bytes): body += bytes
                case .end:
                    responses.append(HTTPResponse(head: head!, body: body))
                    body = []
                case .failure(let error): throw error
                }
            }
        }
        return responses
    }

    /// Whether the backend ends the connection (an end of stream or a reset) with nothing more to read first,
    /// waiting up to 10 s for it.
    func seesTheEnd() -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, 10_000) == 1 else { return false }
        var byte: UInt8 = 0
        let count = recv(descriptor, &byte, 1, Int32(MSG_DONTWAIT))
        return count == 0 || (count == -1 && errno == ECONNRESET)
    }

    func close() { shutdown(descriptor, Int32(SHUT_RDWR)) }
}

let chatRequest = """
    POST /v1/chat/completions HTTP/1.1\r
    Host: test\r
    Content-Type: application/json\r
    Content-Length: \(LoadPlan.originalChatBody.utf8.count)\r
    \r
    \(LoadPlan.originalChatBody)
    """
