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
    /// A line of a request ends with LF alone instead of CRLF.
    case bareLineFeed
    /// More empty lines came before the request line than a server ignores.
    case tooManyEmptyLines
    /// An HTTP/1.1 request has no Host field.
    case missingHost
    /// A request has more than one Host field line.
    case repeatedHost
    /// The Host value is not `uri-host [":" port]`.
    case invalidHost
    /// The header block exceeds the configured limit.
    case headerBlockTooLarge
    /// The body (declared or decoded) exceeds the configured limit.
    case bodyTooLarge
    /// Content-Length is not a decimal number, or its values disagree.
    case invalidContentLength
    /// Transfer-Encoding does not end with chunked, or has it twice: the body length is unknown.
    case invalidTransferEncoding
    /// Transfer-Encoding names a coding before chunked, and chunked is the only one supported.
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
        case .malformedRequestLine, .malformedStatusLine, .malformedHeader, .bareLineFeed, .tooManyEmptyLines,
            .missingHost, .repeatedHost, .invalidHost, .invalidContentLength, .invalidTransferEncoding,
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
        case .bareLineFeed: "line ended by LF alone (requests must end every line with CRLF)"
        case .tooManyEmptyLines: "too many empty lines before the request line"
        case .missingHost: "HTTP/1.1 request without a Host field"
        case .repeatedHost: "more than one Host field"
        case .invalidHost: "invalid Host value"
        case .headerBlockTooLarge: "header block exceeds the limit"
        case .bodyTooLarge: "body exceeds the limit"
        case .invalidContentLength: "invalid Content-Length"
        case .invalidTransferEncoding: "Transfer-Encoding does not end with chunked (once)"
        case .unsupportedTransferEncoding: "unsupported Transfer-Encoding (only chunked is supported)"
        case .malformedChunk: "malformed chunked encoding"
        case .unsupportedVersion: "unsupported HTTP version (only HTTP/1.0 and HTTP/1.1)"
        case .truncatedMessage: "connection closed in the middle of a message"
        case .unexpectedBytesAfterMessage: "unexpected bytes after the end of the message"
        }
    }
}
