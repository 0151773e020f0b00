/// A complete request: head and fully received (de-chunked) body.
public struct HTTPRequest: Sendable, Equatable {
    /// The request line and header fields.
    public var head: HTTPRequestHead
    /// The body bytes after any transfer coding was removed.
    public var body: [UInt8]

    /// Creates a request from a head and a body.
    public init(head: HTTPRequestHead, body: [UInt8]) {
        self.head = head
        self.body = body
    }

    /// Creates an HTTP/1.1 request, e.g. for a client to serialize.
    public init(method: String, target: String, headers: HTTPHeaders = .init(), body: [UInt8] = []) {
        self.init(
            head: HTTPRequestHead(method: method, target: target, version: .http1_1, headers: headers),
            body: body)
    }
}
