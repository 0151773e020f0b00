/// Incremental, strict HTTP/1.x response parser for a client connection (RFC 9112).
///
/// Events stream: ``Event/head(_:)``, then zero or more ``Event/body(_:)`` pieces (chunked
/// bodies arrive decoded), then ``Event/end``; then the next response on the connection.
/// Responses to HEAD requests are not supported, since the parser does not know the request
/// method and would wait for a body that never comes.
package struct HTTPResponseParser: Sendable {
    /// What ``next()`` produced.
    package enum Event: Sendable, Equatable {
        /// The status line and header fields.
        case head(HTTPResponseHead)
        /// A piece of the decoded body, never empty.
        case body([UInt8])
        /// The response is complete.
        case end
        /// The input is not acceptable; the connection cannot be used any further.
        case failure(HTTPParseError)
    }

    private var reader: MessageReader<StatusLine>

    /// Creates a parser for one connection; both limits must be positive.
    package init(maxHeaderBlockBytes: Int = 65_536, maxBodyBytes: Int = 64 * 1_048_576) {
        reader = MessageReader(maxHeaderBlockBytes: maxHeaderBlockBytes, maxBodyBytes: maxBodyBytes)
    }

    /// Appends bytes as they arrive from the socket.
    package mutating func feed(_ bytes: some Sequence<UInt8>) {
        reader.feed(bytes)
    }

    /// Returns the next event, or nil when more bytes are needed.
    package mutating func next() -> Event? {
        do throws(HTTPParseError) {
            switch try reader.next() {
            case nil: return nil
            case .head(let line, let headers):
                return .head(HTTPResponseHead(version: line.version, status: line.status, headers: headers))
            case .body(let bytes): return .body(bytes)
            case .end: return .end
            }
        } catch {
            return .failure(error)
        }
    }

    /// Records EOF from the server and returns the next event, as ``next()`` does.
    ///
    /// EOF ends a close-delimited body with ``Event/end``; in the middle of any other message
    /// it yields ``HTTPParseError/truncatedMessage``; between messages it yields nil. Keep
    /// calling it (or ``next()``) until nil to drain what is still buffered.
    package mutating func peerClosed() -> Event? {
        reader.endInput()
        return next()
    }

    /// The bytes received after a 101 (Switching Protocols) head: the new protocol's first bytes, which the
    /// server may send in the same packet. The parser is done with the connection after this.
    package mutating func takeBytesAfterSwitch() -> [UInt8] {
        reader.takeUnconsumed()
    }

    /// Whether bytes were received that are not part of a completed response.
    ///
    /// Bytes after a response that no request asked for mean the connection is out of sync.
    package var hasBufferedBytes: Bool {
        reader.hasBufferedBytes
    }
}
