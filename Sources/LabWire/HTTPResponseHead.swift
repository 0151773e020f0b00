/// The status line and header fields of a response.
package struct HTTPResponseHead: Sendable, Equatable {
    /// The protocol version from the status line.
    package var version: HTTPVersion
    /// The status code and reason phrase.
    package var status: HTTPStatus
    /// The header fields in wire order.
    package var headers: HTTPHeaders

    /// Creates a head from its parts.
    package init(version: HTTPVersion, status: HTTPStatus, headers: HTTPHeaders) {
        self.version = version
        self.status = status
        self.headers = headers
    }

    /// Whether the server keeps the connection open after this response, by the same rules as
    /// ``HTTPRequestHead/keepAlive``.
    ///
    /// A close-delimited body also ends the connection; the parser reports that by needing EOF.
    package var keepAlive: Bool {
        headers.keepsConnectionAlive(version: version)
    }
}
