/// Why bytes from a peer are not an acceptable HTTP/1.x message.
///
/// Parsers stop at the first error: once framing is in doubt, nothing after it on the same
/// connection can be trusted.
package enum HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request line is not `method SP target SP HTTP/x.y`.
    case malformedRequestLine
    /// The status line is not `HTTP/x.y SP code [SP reason]`.
    case malformedStatusLine
    /// A field line is not `token ":" value`, uses obs-fold, or framing headers conflict.
    case malformedHeader
    /// The start line and header fields together exceed the configured limit.
    case headerBlockTooLarge
    /// The body (declared or decoded) exceeds the configured limit.
    case bodyTooLarge
    /// Content-Length is not a decimal number, or its values disagree.
    case invalidContentLength
    /// Transfer-Encoding is something other than exactly `chunked`.
    case unsupportedTransferEncoding
    /// A chunk-size line or the CRLF after chunk data is malformed.
    case malformedChunk
    /// The version is well formed but not HTTP/1.0 or HTTP/1.1.
    case unsupportedVersion
    /// The peer closed the connection in the middle of a message.
    case truncatedMessage
    /// More bytes followed a message that was expected to be the last one.
    case unexpectedBytesAfterMessage

    /// The status a server should answer with before closing the connection.
    ///
    /// The response-only cases map to 400 too; a client has no one to answer, so for them the
    /// value only matters for uniform reporting.
    package var status: HTTPStatus {
        switch self {
        case .headerBlockTooLarge: .requestHeaderFieldsTooLarge
        case .bodyTooLarge: .payloadTooLarge
        case .unsupportedTransferEncoding: .notImplemented
        case .unsupportedVersion: .httpVersionNotSupported
        case .malformedRequestLine, .malformedStatusLine, .malformedHeader, .invalidContentLength,
            .malformedChunk, .truncatedMessage, .unexpectedBytesAfterMessage:
            .badRequest
        }
    }

    /// A one-line explanation for logs and error reports.
    package var description: String {
        switch self {
        case .malformedRequestLine: "malformed request line"
        case .malformedStatusLine: "malformed status line"
        case .malformedHeader: "malformed or conflicting header field"
        case .headerBlockTooLarge: "header block exceeds the limit"
        case .bodyTooLarge: "body exceeds the limit"
        case .invalidContentLength: "invalid Content-Length"
        case .unsupportedTransferEncoding: "unsupported Transfer-Encoding (only chunked is supported)"
        case .malformedChunk: "malformed chunked encoding"
        case .unsupportedVersion: "unsupported HTTP version (only HTTP/1.0 and HTTP/1.1)"
        case .truncatedMessage: "connection closed in the middle of a message"
        case .unexpectedBytesAfterMessage: "unexpected bytes after the end of the message"
        }
    }
}
