/// Writes messages in HTTP/1.1 wire format for both request and response serializers.
enum MessageSerializer {
    /// The start line, every header field, and the empty line that ends the head.
    static func head(startLine: String, headers: HTTPHeaders) -> [UInt8] {
        var bytes = Array(startLine.utf8) + HTTPSyntax.crlf
        for (name, value) in headers {
            bytes += name.utf8
            bytes += ": ".utf8
            bytes += value.utf8
            bytes += HTTPSyntax.crlf
        }
        return bytes + HTTPSyntax.crlf
    }

    /// A whole message whose body is framed to match its headers.
    ///
    /// A Transfer-Encoding header means chunked, the only coding this layer speaks, so the body
    /// is chunk-encoded. Otherwise Content-Length is added when `declaresLength` and absent.
    static func message(startLine: String, headers: HTTPHeaders, body: [UInt8], declaresLength: Bool)
        -> [UInt8]
    {
        if headers["Transfer-Encoding"] != nil {
            return head(startLine: startLine, headers: headers) + HTTPChunkedEncoding.chunk(body)
                + HTTPChunkedEncoding.lastChunk
        }
        var headers = headers
        if declaresLength && headers["Content-Length"] == nil {
            headers.add(name: "Content-Length", value: String(body.count))
        }
        return head(startLine: startLine, headers: headers) + body
    }
}
