/// How a message body is delimited on the wire (RFC 9112 §6.3).
enum BodyFraming: Sendable, Equatable {
    /// Exactly this many bytes follow the head; zero means no body.
    case length(Int)
    /// The body uses the chunked transfer coding.
    case chunked
    /// The body runs until the peer closes the connection (responses only).
    case untilClose

    /// Derives the framing from Content-Length and Transfer-Encoding, or `otherwise` if neither.
    ///
    /// A declared length over `maxBodyBytes` fails here, before any body byte is read.
    init(
        headers: HTTPHeaders, version: HTTPVersion, maxBodyBytes: Int, otherwise: BodyFraming
    ) throws(HTTPParseError) {
        let lengths = headers.listElements(for: "Content-Length")
        if !headers.values(for: "Transfer-Encoding").isEmpty {
            // Both headers at once is the classic request-smuggling setup, and HTTP/1.0 has no
            // chunked coding; RFC 9112 §6.1 calls either case faulty framing.
            guard lengths.isEmpty, version == .http1_1 else { throw .malformedHeader }
            // Empty list elements are ignored (RFC 9110 §5.6.1.2); coding names are tokens, which
            // compare ignoring ASCII case only.
            let codings = headers.listElements(for: "Transfer-Encoding").filter { !$0.isEmpty }
            let chunked = codings.indices.filter {
                HTTPSyntax.equalsIgnoringASCIICase(codings[$0], "chunked")
            }
            // RFC 9112 §6.3 rule 4: unless chunked is the final coding the length cannot be known,
            // and §6.1 forbids applying it twice.
            guard chunked == [codings.count - 1] else { throw .invalidTransferEncoding }
            // §6.1: a coding the server does not implement gets 501; chunked is the only one here.
            guard codings.count == 1 else { throw .unsupportedTransferEncoding }
            self = .chunked
        } else if !lengths.isEmpty {
            let values = try lengths.map { (text) throws(HTTPParseError) in try Self.decimal(text) }
            // RFC 9112 §6.3 rule 5: repeated values are acceptable only when they all agree.
            guard values.allSatisfy({ $0 == values[0] }) else { throw .invalidContentLength }
            guard values[0] <= maxBodyBytes else { throw .bodyTooLarge }
            self = .length(values[0])
        } else {
            self = otherwise
        }
    }

    /// Digits only: `Int.init` would also accept a sign, which Content-Length forbids.
    private static func decimal(_ text: String) throws(HTTPParseError) -> Int {
        guard !text.isEmpty, text.utf8.allSatisfy(HTTPSyntax.isDigit), let value = Int(text) else {
            throw .invalidContentLength
        }
        return value
    }
}
