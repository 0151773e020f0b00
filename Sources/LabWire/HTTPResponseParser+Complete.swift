extension HTTPResponseParser {
    /// Parses everything a server sent before closing as exactly one response.
    ///
    /// Throws ``HTTPParseError/truncatedMessage`` if the bytes end early (or are empty) and
    /// ``HTTPParseError/unexpectedBytesAfterMessage`` if anything follows the response.
    static func parseComplete(_ bytes: [UInt8]) throws(HTTPParseError) -> HTTPResponse {
        var parser = HTTPResponseParser()
        parser.feed(bytes)
        var head: HTTPResponseHead?
        var body: [UInt8] = []
        while let event = parser.peerClosed() {
            switch event {
            case .head(let received): head = received
            case .body(let piece): body += piece
            case .failure(let error): throw error
            case .end:
                guard !parser.hasBufferedBytes else { throw .unexpectedBytesAfterMessage }
                // The parser always reports a head before the end of its message.
                return HTTPResponse(head: head!, body: body)
            }
        }
        throw .truncatedMessage
    }
}
