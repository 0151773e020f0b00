import LabCore

/// The websocket opening handshake (RFC 6455 §4): the client's upgrade request, the server's check of it
/// and its 101 answer, and the client's check of that answer.
///
/// ```swift
/// WebSocketHandshake.accept(forKey: "dGhlIHNhbXBsZSBub25jZQ==")  // "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
/// ```
package enum WebSocketHandshake {
    /// Appended to the client's key before hashing (RFC 6455 §1.3).
    static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// `Sec-WebSocket-Accept` for `key`: Base64 of the SHA-1 of the key and the GUID.
    package static func accept(forKey key: String) -> String {
        SHA1.base64(SHA1.digest(Array((key + guid).utf8)))
    }

    /// A fresh `Sec-WebSocket-Key`: 16 random bytes in Base64.
    package static func newKey() -> String {
        SHA1.base64((0..<16).map { _ in UInt8.random(in: 0...255) })
    }

    /// The client's upgrade request for `target` on `host`, with `key` and any `extraHeaders` (auth).
    package static func request(
        target: String, host: String, key: String, extraHeaders: [(String, String)] = []
    ) -> HTTPRequest {
        var headers = HTTPHeaders([
            ("Host", host), ("Upgrade", "websocket"), ("Connection", "Upgrade"),
            ("Sec-WebSocket-Key", key), ("Sec-WebSocket-Version", "13"),
        ])
        for (name, value) in extraHeaders { headers.add(name: name, value: value) }
        return HTTPRequest(method: "GET", target: target, headers: headers, body: [])
    }

    /// The key of a valid upgrade request (RFC 6455 §4.2.1), or why it is not one.
    package static func key(of head: HTTPRequestHead) throws(WebSocketHandshakeError) -> String {
        guard head.method == "GET", head.version == .http1_1 else { throw .notGetOverHTTP11 }
        guard head.headers.listElements(for: "Upgrade").contains(where: { equals($0, "websocket") }),
            head.headers.listElements(for: "Connection").contains(where: { equals($0, "upgrade") })
        else { throw .notAnUpgrade }
        guard head.headers["Sec-WebSocket-Version"] == "13" else { throw .unsupportedVersion }
        guard let key = head.headers["Sec-WebSocket-Key"], isNonce(key) else { throw .invalidKey }
        return key
    }

    /// The server's 101 answer to a request with `key`.
    package static func response(toKey key: String) -> HTTPResponseHead {
        HTTPResponseHead(
            version: .http1_1, status: HTTPStatus(code: 101),
            headers: HTTPHeaders([
                ("Upgrade", "websocket"), ("Connection", "Upgrade"),
                ("Sec-WebSocket-Accept", accept(forKey: key)),
            ]))
    }

    /// Whether `head` accepts the client's upgrade with `key` (RFC 6455 §4.1, the client's checks).
    package static func accepts(_ head: HTTPResponseHead, key: String) -> Bool {
        head.status.code == 101
            && head.headers.listElements(for: "Upgrade").contains { equals($0, "websocket") }
            && head.headers.listElements(for: "Connection").contains { equals($0, "upgrade") }
            && head.headers["Sec-WebSocket-Accept"] == accept(forKey: key)
    }

    /// 16 bytes in Base64: 22 characters of its alphabet and `==`.
    private static func isNonce(_ key: String) -> Bool {
        let bytes = Array(key.utf8)
        return bytes.count == 24 && bytes.suffix(2) == [61, 61]
            && bytes.prefix(22).allSatisfy { byte in
                HTTPSyntax.isDigit(byte) || (65...90).contains(byte) || (97...122).contains(byte)
                    || byte == 43
                    || byte == 47
            }
    }

    private static func equals(_ value: String, _ token: String) -> Bool {
        HTTPSyntax.equalsIgnoringASCIICase(value, token)
    }
}

/// Why an upgrade request is not a websocket opening handshake the server can accept.
package enum WebSocketHandshakeError: Error, Sendable, Equatable, CustomStringConvertible {
    case notGetOverHTTP11
    case notAnUpgrade
    case unsupportedVersion
    case invalidKey

    package var description: String {
        switch self {
        case .notGetOverHTTP11: "a websocket upgrade is a GET over HTTP/1.1"
        case .notAnUpgrade: "no Upgrade: websocket and Connection: Upgrade"
        case .unsupportedVersion: "Sec-WebSocket-Version is not 13"
        case .invalidKey: "Sec-WebSocket-Key is not 16 bytes in Base64"
        }
    }
}
