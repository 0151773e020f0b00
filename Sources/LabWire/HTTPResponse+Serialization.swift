extension HTTPResponse {
    /// The response in wire format, with Content-Length added if absent.
    ///
    /// Statuses that cannot have a body (1xx, 204, 304) get no Content-Length, as RFC 9110
    /// §8.6 requires. With `Transfer-Encoding: chunked` the body is chunk-encoded instead.
    package func serialized() -> [UInt8] {
        MessageSerializer.message(
            startLine: head.startLine, headers: head.headers, body: body,
            declaresLength: head.status.permitsBody)
    }
}

extension HTTPResponseHead {
    /// The status line and header fields in wire format, exactly as given.
    ///
    /// For streaming: nothing is added, so the headers must already frame the body that the
    /// caller writes next (Content-Length, or chunked with ``HTTPChunkedEncoding``).
    package func serialized() -> [UInt8] {
        MessageSerializer.head(startLine: startLine, headers: headers)
    }

    fileprivate var startLine: String {
        "\(version) \(status.code) \(status.reasonPhrase)"
    }
}
