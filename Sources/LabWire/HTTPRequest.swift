/// A complete request: head and fully received (de-chunked) body.
package struct HTTPRequest: Sendable, Equatable {
    /// The request line and header fields.
    package var head: HTTPRequestHead
    /// The body bytes after any transfer coding was removed.
    package var body: [UInt8]

    /// Creates a request from a head and a body.
    package init(head: HTTPRequestHead, body: [UInt8]) {
        self.head = head
        self.body = body
    }

    /// Creates an HTTP/1.1 request, e.g. for a client to serialize.
    package init(method: String, target: String, headers: HTTPHeaders = .init(), body: [UInt8] = []) {
        self.init(
            head: HTTPRequestHead(method: method, target: target, version: .http1_1, headers: headers),
            body: body)
    }
}
