/// A complete response: head and fully received (de-chunked) body.
package struct HTTPResponse: Sendable, Equatable {
    /// The status line and header fields.
    package var head: HTTPResponseHead
    /// The body bytes after any transfer coding was removed.
    package var body: [UInt8]

    /// Creates a response from a head and a body.
    package init(head: HTTPResponseHead, body: [UInt8]) {
        self.head = head
        self.body = body
    }

    /// Creates an HTTP/1.1 response, e.g. for a server to serialize.
    package init(status: HTTPStatus, headers: HTTPHeaders = .init(), body: [UInt8] = []) {
        self.init(head: HTTPResponseHead(version: .http1_1, status: status, headers: headers), body: body)
    }
}
