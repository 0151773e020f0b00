/// Chunked transfer coding for bodies streamed piece by piece (RFC 9112 §7.1).
///
/// Write a head carrying `Transfer-Encoding: chunked`, then ``chunk(_:)`` per piece, then
/// ``lastChunk``.
package enum HTTPChunkedEncoding {
    /// Encodes `bytes` as one chunk; empty input yields no bytes, as a zero-size chunk would end
    /// the body.
    package static func chunk(_ bytes: some Collection<UInt8>) -> [UInt8] {
        guard !bytes.isEmpty else { return [] }
        return Array(String(bytes.count, radix: 16).utf8) + HTTPSyntax.crlf + bytes + HTTPSyntax.crlf
    }

    /// The zero-size chunk and empty trailer section that end a chunked body.
    package static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)
}
