@testable import LabWire
import Testing

@Suite struct HTTPRequestParserLimitTests {
    /// A head of exactly `size` bytes: request line, Host, one padded header, and the empty line.
    private func head(ofSize size: Int) -> String {
        let fixed = "GET / HTTP/1.1\r\nHost: x\r\nX-Pad: \r\n\r\n"
        return
            "GET / HTTP/1.1\r\nHost: x\r\nX-Pad: \(String(repeating: "a", count: size - fixed.utf8.count))\r\n\r\n"
    }

    private let smallHead = HTTPRequestParser.Limits(maxHeaderBlockBytes: 100)

    @Test func acceptsHeaderBlockExactlyAtTheLimit() {
        let events = requestEvents(head(ofSize: 100), limits: smallHead)
        #expect(events.count == 1)
        guard case .request = events.first else {
            Issue.record("expected a request, got \(events)")
            return
        }
    }

    @Test func rejectsHeaderBlockOneByteOverTheLimit() {
        #expect(requestEvents(head(ofSize: 101), limits: smallHead) == [.failure(.headerBlockTooLarge)])
    }

    @Test func theLeadingEmptyLineDoesNotCountAgainstTheHeaderLimit() {
        let events = requestEvents("\r\n" + head(ofSize: 100), limits: smallHead)
        #expect(events.count == 1)
    }

    @Test func rejectsAnOversizedHeaderBlockAsSoonAsTheLimitIsPassedWithoutWaitingForItsEnd() {
        var parser = HTTPRequestParser()
        parser.feed(bytes("GET / HTTP/1.1\r\nHost: x\r\n"))
        let field = bytes("X-Filler: " + String(repeating: "f", count: 988) + "\r\n")
        #expect(field.count == 1000)
        var fed = 25
        while fed + field.count <= 65_536 {
            parser.feed(field)
            fed += field.count
            #expect(parser.next() == nil, "failed early at \(fed) bytes")
        }
        parser.feed(field)
        #expect(parser.next() == .failure(.headerBlockTooLarge))
    }

    @Test func rejectsAnEndlessRequestLineOnceItReachesTheLimit() {
        var parser = HTTPRequestParser(limits: smallHead)
        parser.feed(bytes("GET /" + String(repeating: "a", count: 94)))
        #expect(parser.next() == nil)
        parser.feed(bytes("a"))
        #expect(parser.next() == .failure(.headerBlockTooLarge))
    }

    @Test func acceptsContentLengthExactlyAtTheBodyLimit() {
        let events = requestEvents(
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789",
            limits: .init(maxBodyBytes: 10))
        #expect(
            events == [
                request("POST", "/", headers: [("Host", "x"), ("Content-Length", "10")], body: "0123456789")
            ])
    }

    @Test func rejectsContentLengthOverTheBodyLimitRightAfterTheHead() {
        let events = requestEvents(
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n", limits: .init(maxBodyBytes: 10))
        #expect(events == [.failure(.bodyTooLarge)])
    }

    @Test func acceptsChunkedBodyDecodingToExactlyTheLimit() {
        let input =
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n012345\r\n4\r\n6789\r\n0\r\n\r\n"
        let events = requestEvents(input, limits: .init(maxBodyBytes: 10))
        #expect(
            events == [
                request(
                    "POST", "/", headers: [("Host", "x"), ("Transfer-Encoding", "chunked")],
                    body: "0123456789")
            ])
    }

    @Test func rejectsChunkedBodyOverTheLimitWhenTheChunkSizeArrives() {
        let input = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n012345\r\n5\r\n"
        #expect(requestEvents(input, limits: .init(maxBodyBytes: 10)) == [.failure(.bodyTooLarge)])
    }

    @Test func rejectsAChunkSizeTooLargeForAnyInteger() {
        let input = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n"
        #expect(requestEvents(input) == [.failure(.bodyTooLarge)])
    }

    @Test func rejectsTrailersLargerThanTheHeaderLimit() {
        let trailer = "X-T: " + String(repeating: "t", count: 100) + "\r\n"
        let input = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\(trailer)\r\n"
        #expect(requestEvents(input, limits: smallHead) == [.failure(.headerBlockTooLarge)])
    }
}
