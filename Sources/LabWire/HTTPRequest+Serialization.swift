extension HTTPRequest {
    /// The request in wire format, with Content-Length added if absent and needed.
    ///
    /// Needed means the body is non-empty, or the method is POST or PUT, whose empty body a
    /// server must otherwise guess at. With `Transfer-Encoding: chunked` the body is
    /// chunk-encoded instead.
    package func serialized() -> [UInt8] {
        MessageSerializer.message(
            startLine: "\(head.method) \(head.target) \(head.version)", headers: head.headers, body: body,
            declaresLength: !body.isEmpty || head.method == "POST" || head.method == "PUT")
    }
}
