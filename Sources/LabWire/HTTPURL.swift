/// A plain `http://` URL split into what a client needs to connect and send a request.
public struct HTTPURL: Sendable, Equatable, CustomStringConvertible {
    /// The host to connect to: a name, an IPv4 address, or an IPv6 address without brackets.
    package let host: String
    /// The TCP port, 80 when the URL has none.
    package let port: Int
    /// The request target: path plus query, at least `/`; the fragment is dropped.
    package let path: String

    /// The URL of `path` on `host` at `port`, as given: for names the lab itself chooses.
    package init(host: String, port: Int, path: String = "/") {
        self.host = host
        self.port = port
        self.path = path
    }

    /// A copy with `path` appended after a single slash, however the two sides are slashed.
    ///
    /// Meant for base URLs without a query, such as `http://backend:5001/v1`.
    package func appending(path suffix: String) -> HTTPURL {
        var base = Substring(path)
        while base.hasSuffix("/") { base.removeLast() }
        return HTTPURL(host: host, port: port, path: base + "/" + suffix.drop { $0 == "/" })
    }

    /// The Host header value: IPv6 addresses bracketed, the port omitted when it is 80.
    package var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == 80 ? name : "\(name):\(port)"
    }

    /// The URL in `http://host:port/path` form, parseable again by ``init(parsing:)``.
    public var description: String {
        "http://\(hostHeader)\(path)"
    }
}
