@testable import LabWire
import Testing

/// Framing across reads: chunked bodies, pipelining, and identical results however bytes are split.
@Suite struct HTTPRequestParserStreamTests {
    private static let pipelined =
        "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\none"
        + "GET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        + "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ntwo\r\n0\r\n\r\n"

    @Test func pipelinedRequestsComeOutOneByOneInOrder() {
        var parser = HTTPRequestParser()
        parser.feed(bytes(Self.pipelined))
        #expect(
            parser.next()
                == request("POST", "/a", headers: [("Host", "x"), ("Content-Length", "3")], body: "one"))
        #expect(parser.hasBufferedBytes)
        #expect(parser.next() == request("GET", "/b", headers: [("Host", "x"), ("Connection", "close")]))
        #expect(
            parser.next()
                == request(
                    "POST", "/c", headers: [("Host", "x"), ("Transfer-Encoding", "chunked")], body: "two"))
        #expect(parser.next() == nil)
        #expect(!parser.hasBufferedBytes)
    }

    @Test func decodesChunkedBodyIgnoringExtensionsAndSkippingTrailers() {
        let input =
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n6 ; x=\"q\"\r\n world\r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n"
        let events = requestEvents(input)
        #expect(
            events == [
                request(
                    "POST", "/", headers: [("Host", "x"), ("Transfer-Encoding", "Chunked")],
                    body: "hello world0123456789")
            ])
    }

    @Test func waitsForTheTrailerSectionBeforeCompletingAChunkedRequest() {
        var parser = HTTPRequestParser()
        parser.feed(bytes("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n"))
        #expect(parser.next() == nil)
        parser.feed(bytes("\r\n"))
        #expect(
            parser.next()
                == request(
                    "POST", "/", headers: [("Host", "x"), ("Transfer-Encoding", "chunked")], body: "hi"))
    }

    @Test func rejectsDataAfterAChunkWithoutWaitingForALineEnd() {
        let input = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXY"
        #expect(requestEvents(input) == [.failure(.malformedChunk)])
    }

    @Test(arguments: [
        pipelined,
        "\r\nPOST /lf HTTP/1.1\r\nHost: x\r\nContent-Length: 2\n\nok",
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1;e=1\r\na\r\n2\r\nbc\r\n0\r\nT: 1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET  / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\n\r\n\r\n\r\nGET / HTTP/1.1\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\n",
    ])
    func parsesRequestSplitAtEveryByte(input: String) {
        let whole = requestEvents(input)
        #expect(!whole.isEmpty)
        for reads in splitReads(of: bytes(input)) {
            let split = requestEvents(reads)
            #expect(split == whole, "reads: \(reads.map(\.count))")
            if split != whole { return }
        }
    }
}
