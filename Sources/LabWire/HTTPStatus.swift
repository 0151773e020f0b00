/// A response status: the three-digit code and its reason phrase.
package struct HTTPStatus: Sendable, Equatable {
    /// The status code, 100 through 599.
    package let code: Int
    /// The text after the code; clients must not rely on it (RFC 9112 §4).
    package let reasonPhrase: String

    /// Creates a status with an explicit reason phrase, e.g. as received from a peer.
    package init(code: Int, reasonPhrase: String) {
        self.code = code
        self.reasonPhrase = reasonPhrase
    }

    /// Creates a status with the standard reason phrase for `code` (empty if it has none).
    package init(code: Int) {
        self.init(code: code, reasonPhrase: Self.standardPhrase(for: code))
    }

    /// 200 OK.
    package static let ok = HTTPStatus(code: 200)
    /// 400 Bad Request.
    package static let badRequest = HTTPStatus(code: 400)
    /// 404 Not Found.
    package static let notFound = HTTPStatus(code: 404)
    /// 405 Method Not Allowed.
    package static let methodNotAllowed = HTTPStatus(code: 405)
    /// 413 Content Too Large (formerly Payload Too Large).
    static let payloadTooLarge = HTTPStatus(code: 413)
    /// 431 Request Header Fields Too Large.
    static let requestHeaderFieldsTooLarge = HTTPStatus(code: 431)
    /// 500 Internal Server Error.
    static let internalServerError = HTTPStatus(code: 500)
    /// 501 Not Implemented.
    static let notImplemented = HTTPStatus(code: 501)
    /// 503 Service Unavailable.
    package static let serviceUnavailable = HTTPStatus(code: 503)
    /// 505 HTTP Version Not Supported.
    static let httpVersionNotSupported = HTTPStatus(code: 505)

    /// Whether a response with this status may carry a body (RFC 9112 §6.3 rule 1).
    var permitsBody: Bool {
        !(100...199).contains(code) && code != 204 && code != 304
    }
}
