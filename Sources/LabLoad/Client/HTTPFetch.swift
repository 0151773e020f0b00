import LabCore
import LabEventLoop
import LabWire

#if canImport(Glibc)
    import Glibc
#endif

/// A blocking one-shot HTTP GET with a deadline, for health checks and stats sampling.
///
/// One connection per call (`Connection: close`): a dead backend is seen as an error at once,
/// never hidden behind a pooled connection.
package enum HTTPFetch {
    /// Fetches `url` and returns the whole response, or throws a `FetchError` saying what went wrong.
    package static func get(_ url: HTTPURL, timeout: Duration = .seconds(2)) throws(FetchError)
        -> HTTPResponse
    {
        let deadline = LabClock.monotonicNanoseconds() + timeout.nanoseconds
        let address: SocketAddress
        do { address = try SocketAddress.resolve(host: url.host, port: url.port) } catch {
            throw FetchError(url: url, reason: error.description)
        }
        let descriptor: Int32
        do { descriptor = try Socket.startConnect(to: address) } catch {
            throw FetchError(url: url, reason: error.description)
        }
        defer { close(descriptor) }
        try wait(for: Int16(POLLOUT), on: descriptor, until: deadline, url: url)
        let code = Socket.pendingError(descriptor)
        if code != 0 { throw FetchError(url: url, reason: SystemError("connect", code: code).description) }

        let request = HTTPRequest(
            method: "GET", target: url.path,
            headers: HTTPHeaders([("Host", url.hostHeader), ("Connection", "close"), ("Accept", "*/*")]))
        var pending = request.serialized()[...]
        while !pending.isEmpty {
            try wait(for: Int16(POLLOUT), on: descriptor, until: deadline, url: url)
            switch Socket.write(descriptor, pending) {
            case .success(let count): pending = pending.dropFirst(count)
            case .failure(let error): throw FetchError(url: url, reason: error.description)
            }
        }
        return try readResponse(from: descriptor, until: deadline, url: url)
    }

    private static func readResponse(from descriptor: Int32, until deadline: UInt64, url: HTTPURL)
        throws(FetchError) -> HTTPResponse
    {
        var parser = HTTPResponseParser()
        var head: HTTPResponseHead?
        var body: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        func consume(_ event: HTTPResponseParser.Event) throws(FetchError) -> HTTPResponse? {
            switch event {
            case .head(let value): head = value
            case .body(let bytes): body += bytes
            case .end:
                guard let head else { throw FetchError(url: url, reason: "response ended before its head") }
                return HTTPResponse(head: head, body: body)
            case .failure(let error): throw FetchError(url: url, reason: "malformed response: \(error)")
            }
            return nil
        }
        while true {
            try wait(for: Int16(POLLIN), on: descriptor, until: deadline, url: url)
            let result = buffer.withUnsafeMutableBytes { Socket.read(descriptor, into: $0) }
            switch result {
            case .bytes(let count):
                parser.feed(buffer.prefix(count))
                while let event = parser.next() {
                    if let response = try consume(event) { return response }
                }
            case .wouldBlock:
                continue
            case .endOfStream:
                if let event = parser.peerClosed(), let response = try consume(event) { return response }
                throw FetchError(url: url, reason: "connection closed before a complete response")
            case .failed(let code):
                throw FetchError(url: url, reason: SystemError("recv", code: code).description)
            }
        }
    }

    private static func wait(for events: Int16, on descriptor: Int32, until deadline: UInt64, url: HTTPURL)
        throws(FetchError)
    {
        while true {
            let now = LabClock.monotonicNanoseconds()
            guard now < deadline else { throw FetchError(url: url, reason: "no answer in time") }
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let millis = Int32(min((deadline - now + 999_999) / 1_000_000, UInt64(Int32.max)))
            let ready = poll(&entry, 1, millis)
            if ready > 0 { return }
            if ready == -1 && errno != EINTR {
                throw FetchError(url: url, reason: SystemError("poll").description)
            }
        }
    }
}

/// An HTTP fetch that did not produce a response.
package struct FetchError: Error, CustomStringConvertible {
    /// What was fetched.
    package let url: HTTPURL
    /// Why it failed.
    package let reason: String

    package var description: String { "GET \(url): \(reason)" }
}
