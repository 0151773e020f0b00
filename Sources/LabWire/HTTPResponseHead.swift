/// The status line and header fields of a response.
public struct HTTPResponseHead: Sendable, Equatable {
    /// The protocol version from the status line.
    public var version: HTTPVersion
    /// The status code and reason phrase.
    public var status: HTTPStatus
    /// The header fields in wire order.
    public var headers: HTTPHeaders

    /// Creates a head from its parts.
    public init(version: HTTPVersion, status: HTTPStatus, headers: HTTPHeaders) {
        self.version = version
        self.status = status
        self.headers = headers
    }

    /// Whether the server keeps the connection open after this response, by the same rules as
    /// ``HTTPRequestHead/keepAlive``.
    ///
    /// A close-delimited body also ends the connection; the parser reports that by needing EOF.
    public var keepAlive: Bool {
        headers.keepsConnectionAlive(version: version)
    }
}
