import Foundation
import Glibc
import LabCore
import LabWire

/// A blocking loopback TCP client that writes raw bytes and reads raw answers, each call bounded in time.
package final class LoopbackClient {
    /// How a read to the end finished.
    package enum Ending: Equatable {
        /// The server closed the connection (FIN).
        case closed
        /// The connection was reset.
        case reset
        /// Nothing arrived before the receive timeout.
        case timedOut
    }

    package let descriptor: Int32
    private var isClosed = false

    /// Connects to `127.0.0.1:port`; reads and writes give up after `timeout`.
    package init(port: Int, timeout: Duration = .seconds(5)) throws {
        let address = try SocketAddress.resolve(host: "127.0.0.1", port: port, numericOnly: true)
        descriptor = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw SystemError("socket") }
        let result = address.withSockaddr { connect(descriptor, $0, $1) }
        guard result == 0 else {
            let error = SystemError("connect")
            Glibc.close(descriptor)
            throw error
        }
        let (seconds, attoseconds) = timeout.components
        var limit = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close() }

    /// Writes every byte; false when the peer refused them (reset, closed) or the send timed out.
    @discardableResult
    package func send(_ bytes: [UInt8]) -> Bool {
        sendCounting(bytes) == bytes.count
    }

    /// Writes as many bytes as the peer takes before a failure or the send timeout; returns how many.
    package func sendCounting(_ bytes: [UInt8]) -> Int {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { break }
            offset += written
        }
        return offset
    }

    @discardableResult
    package func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Half-closes: sends FIN, keeps reading.
    package func shutdownWriting() { shutdown(descriptor, Int32(SHUT_WR)) }

    /// Closes the socket (FIN, as `curl --max-time` does); safe to call twice.
    package func close() {
        guard !isClosed else { return }
        isClosed = true
        Glibc.close(descriptor)
    }

    /// Resets the connection (RST instead of FIN), as a crashed or killed client's kernel may.
    package func reset() {
        guard !isClosed else { return }
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close()
    }

    /// Reads until the server closes, resets, or nothing arrives for the timeout.
    package func readToEnd() -> (bytes: [UInt8], ending: Ending) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count > 0 {
                received += buffer.prefix(count)
                continue
            }
            if count < 0 && errno == EINTR { continue }
            if count == 0 { return (received, .closed) }
            return (received, errno == EAGAIN || errno == EWOULDBLOCK ? .timedOut : .reset)
        }
    }

    /// The status code at the start of whatever the server sent before closing, or nil.
    ///
    /// A server that refuses a request while bytes of it are still arriving may end with a reset instead of a
    /// FIN; its answer still arrives first, so callers check the status and that the connection ended.
    package func statusBeforeClose() -> (status: Int?, ending: Ending) {
        let (bytes, ending) = readToEnd()
        var parser = HTTPResponseParser()
        parser.feed(bytes)
        guard case .head(let head)? = parser.next() else { return (nil, ending) }
        return (head.status.code, ending)
    }

    /// Whether the connection is still open with nothing to read: the server neither answered nor closed.
    package var isOpenAndSilent: Bool {
        var descriptorPoll = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&descriptorPoll, 1, 0) == 0
    }

    /// Everything received until the server closes, resets, or nothing arrives for the timeout, as text.
    package func readText() -> String {
        String(decoding: readToEnd().bytes, as: UTF8.self)
    }

    /// Reads until `count` complete responses have arrived.
    package func readResponses(_ count: Int) throws -> [HTTPResponse] {
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
                    guard let head else { throw SystemError("an answer ended before its head") }
                    responses.append(HTTPResponse(head: head, body: body))
                    body = []
                case .failure(let error): throw error
                }
            }
        }
        return responses
    }

    /// Whether the server ends the connection (an end of stream or a reset) with nothing more to read first,
    /// waiting up to 10 s for it.
    package func seesTheEnd() -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, 10_000) == 1 else { return false }
        var byte: UInt8 = 0
        let count = recv(descriptor, &byte, 1, Int32(MSG_DONTWAIT))
        return count == 0 || (count == -1 && errno == ECONNRESET)
    }
}
