/// Incremental, strict HTTP/1.x request parser for a server connection (RFC 9112).
///
/// Strict as RFC 9112 asks of a server, and where it lets a server choose, strict again: every
/// line must end with CRLF (a bare LF fails), one empty line before a request is ignored and a
/// second fails, a Host must be there in HTTP/1.1, once and valid, and field lines with
/// whitespace before the colon, obs-fold or control characters fail.
///
/// Feed bytes as they are read, in any split, then call ``next()`` until it returns nil.
/// Pipelined requests come out one at a time in order. After a ``Event/failure(_:)`` the
/// parser keeps returning that failure: answer with ``HTTPParseError/status`` and close.
package struct HTTPRequestParser: Sendable {
    /// Size limits that bound the memory one connection can make the server hold.
    package struct Limits: Sendable {
        /// Maximum bytes of request line plus header fields plus the ending empty line.
        package var maxHeaderBlockBytes = 65_536
        /// Maximum body bytes, declared by Content-Length or decoded from chunks.
        package var maxBodyBytes = 8 * 1_048_576

        /// Creates limits; both must be positive.
        package init(maxHeaderBlockBytes: Int = 65_536, maxBodyBytes: Int = 8 * 1_048_576) {
            self.maxHeaderBlockBytes = maxHeaderBlockBytes
            self.maxBodyBytes = maxBodyBytes
        }
    }

    /// What ``next()`` produced.
    package enum Event: Sendable, Equatable {
        /// A complete request.
        case request(HTTPRequest)
        /// The input is not acceptable; the connection cannot be used any further.
        case failure(HTTPParseError)
    }

    private var reader: MessageReader<RequestLine>
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    /// Creates a parser for one connection.
    package init(limits: Limits = .init()) {
        reader = MessageReader(
            maxHeaderBlockBytes: limits.maxHeaderBlockBytes, maxBodyBytes: limits.maxBodyBytes)
    }

    /// Appends bytes as they arrive from the socket.
    package mutating func feed(_ bytes: some Sequence<UInt8>) {
        reader.feed(bytes)
    }

    /// Returns the next complete request or failure, or nil when more bytes are needed.
    package mutating func next() -> Event? {
        do throws(HTTPParseError) {
            while let event = try reader.next() {
                switch event {
                case .head(let line, let headers):
                    head = HTTPRequestHead(
                        method: line.method, target: line.target, version: line.version, headers: headers)
                case .body(let bytes):
                    body += bytes
                case .end:
                    // MessageReader always reports a head before the end of its message.
                    let request = HTTPRequest(head: head!, body: body)
                    head = nil
                    body = []
                    return .request(request)
                }
            }
            return nil
        } catch {
            return .failure(error)
        }
    }

    /// Whether bytes were received that are not part of a returned request.
    ///
    /// True while a request is partially received or pipelined requests wait in the buffer;
    /// a server seeing EOF with this set knows the client hung up mid-request.
    package var hasBufferedBytes: Bool {
        reader.hasBufferedBytes
    }
}
