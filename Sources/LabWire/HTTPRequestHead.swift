/// The request line and header fields of a request.
package struct HTTPRequestHead: Sendable, Equatable {
    /// The method token, case-sensitive, e.g. `POST`.
    package var method: String
    /// The request target as received, query included, e.g. `/v1/chat/completions?x=1`.
    package var target: String
    /// The protocol version from the request line.
    package var version: HTTPVersion
    /// The header fields in wire order.
    package var headers: HTTPHeaders

    /// Creates a head from its parts.
    package init(method: String, target: String, version: HTTPVersion, headers: HTTPHeaders) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
    }

    /// The target without its query, for routing.
    package var path: String {
        String(target.prefix { $0 != "?" })
    }

    /// Whether the client expects the connection to stay open after the response.
    ///
    /// HTTP/1.1 persists unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
    package var keepAlive: Bool {
        headers.keepsConnectionAlive(version: version)
    }
}
