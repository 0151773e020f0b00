@testable import LabWire
import Testing

@Suite struct HTTPResponseParserTests {
    private func head(
        _ code: Int, _ reason: String, _ headers: [(String, String)], version: HTTPVersion = .http1_1
    ) -> HTTPResponseParser.Event {
        .head(
            HTTPResponseHead(
                version: version, status: HTTPStatus(code: code, reasonPhrase: reason),
                headers: HTTPHeaders(headers)))
    }

    @Test func streamsHeadBodyAndEndForContentLength() {
        let events = responseEvents("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")
        #expect(events == [head(200, "OK", [("Content-Length", "5")]), .body(bytes("hello")), .end])
    }

    @Test func endsAnEmptyContentLengthBodyWithoutBodyEvents() {
        let events = responseEvents("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
        #expect(events == [head(404, "Not Found", [("Content-Length", "0")]), .end])
    }

    @Test func decodesChunkedBody() {
        let input =
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "6\r\ndata: \r\n3;x=y\r\n{}\n\r\n0\r\nX-Trailer: t\r\n\r\n"
        let events = responseEvents(input)
        #expect(
            events == [head(200, "OK", [("Transfer-Encoding", "chunked")]), .body(bytes("data: {}\n")), .end])
    }

    @Test func streamsChunkedBodyPiecesBeforeTheResponseIsComplete() {
        var parser = HTTPResponseParser()
        parser.feed(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"))
        #expect(parser.next() == head(200, "OK", [("Transfer-Encoding", "chunked")]))
        #expect(parser.next() == .body(bytes("hel")))
        #expect(parser.next() == nil)
        parser.feed(bytes("lo\r\n0\r\n\r\n"))
        #expect(parser.next() == .body(bytes("lo")))
        #expect(parser.next() == .end)
    }

    @Test func endsACloseDelimitedBodyOnlyWhenThePeerCloses() {
        var parser = HTTPResponseParser()
        parser.feed(bytes("HTTP/1.0 200 OK\r\n\r\npart one,"))
        #expect(parser.next() == head(200, "OK", [], version: .http1_0))
        #expect(parser.next() == .body(bytes("part one,")))
        #expect(parser.next() == nil)
        parser.feed(bytes(" part two"))
        #expect(parser.next() == .body(bytes(" part two")))
        #expect(parser.peerClosed() == .end)
        #expect(parser.peerClosed() == nil)
    }

    @Test func rejectsCloseDelimitedBodyOverTheLimit() {
        let events = responseEvents("HTTP/1.1 200 OK\r\n\r\n0123456789A", maxBodyBytes: 10)
        #expect(events == [head(200, "OK", []), .failure(.bodyTooLarge)])
    }

    @Test(arguments: [
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
        "HTTP/1.1 200 OK\r\nContent-Len",
    ])
    func reportsTruncationWhenThePeerClosesMidMessage(input: String) {
        #expect(responseEvents(input, peerCloses: true).last == .failure(.truncatedMessage))
    }

    @Test func peerClosingBetweenResponsesIsNotAnError() {
        let events = responseEvents("HTTP/1.1 204 No Content\r\n\r\n", peerCloses: true)
        #expect(events == [head(204, "No Content", []), .end])
    }

    @Test(arguments: [204, 304, 100])
    func statusesWithoutBodyEndRightAfterTheHeadDespiteContentLength(code: Int) {
        let events = responseEvents("HTTP/1.1 \(code) X\r\nContent-Length: 10\r\n\r\n")
        #expect(events == [head(code, "X", [("Content-Length", "10")]), .end])
    }

    @Test func parsesKeepAliveResponsesBackToBack() {
        let events = responseEvents(
            "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\naHTTP/1.1 503 Service Unavailable\r\nContent-Length: 1\r\n\r\nb"
        )
        #expect(
            events == [
                head(200, "OK", [("Content-Length", "1")]), .body(bytes("a")), .end,
                head(503, "Service Unavailable", [("Content-Length", "1")]), .body(bytes("b")), .end,
            ])
    }

    @Test(arguments: ["HTTP/1.1 200\r\n", "HTTP/1.1 200 \r\n"])
    func acceptsAnEmptyReasonPhrase(statusLine: String) {
        let events = responseEvents(statusLine + "Content-Length: 0\r\n\r\n")
        #expect(events == [head(200, "", [("Content-Length", "0")]), .end])
    }

    @Test(arguments: [
        "HTTP/1.1 20 OK", "HTTP/1.1 2000 OK", "HTTP/1.1 600 Nope", "HTTP/1.1 099 Low", "HTTP/1.1  200 OK",
        "HTP/1.1 200 OK", "HTTP/2 200 OK", "HTTP/1.1 2x0 OK", "HTTP/1.1 200 O\u{1}K", "HTTP/1.1",
    ])
    func rejectsMalformedStatusLine(statusLine: String) {
        #expect(responseEvents(statusLine + "\r\n\r\n") == [.failure(.malformedStatusLine)])
    }

    @Test func rejectsUnsupportedResponseVersion() {
        #expect(responseEvents("HTTP/2.0 200 OK\r\n\r\n") == [.failure(.unsupportedVersion)])
    }

    @Test func appliesTheSameFramingRulesAsRequests() {
        let both = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"
        #expect(responseEvents(both) == [.failure(.malformedHeader)])
        #expect(
            responseEvents("HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\n") == [
                .failure(.invalidContentLength)
            ])
        #expect(
            responseEvents("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n", maxBodyBytes: 10) == [
                .failure(.bodyTooLarge)
            ])
    }

    @Test(arguments: [
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n1\r\ne\r\n0\r\n\r\nHTTP/1.1 200 OK\r\n\r\ntail",
        "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabc",
    ])
    func parsesResponseSplitAtEveryByte(input: String) {
        let whole = responseEvents([bytes(input)], peerCloses: true)
        for reads in splitReads(of: bytes(input)) {
            let split = responseEvents(reads, peerCloses: true)
            #expect(split == whole, "reads: \(reads.map(\.count))")
            if split != whole { return }
        }
    }

    @Test func reportsBytesLeftAfterAResponse() {
        var parser = HTTPResponseParser()
        parser.feed(bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nX"))
        #expect(parser.next() != nil)
        #expect(parser.next() == .end)
        #expect(parser.hasBufferedBytes)
    }

    @Test(arguments: [
        ("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", true),
        ("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", false),
        ("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", false),
    ])
    func responseKeepAliveFollowsVersionAndConnectionHeader(input: String, expected: Bool) throws {
        #expect(try HTTPResponseParser.parseComplete(bytes(input)).head.keepAlive == expected)
    }
}
