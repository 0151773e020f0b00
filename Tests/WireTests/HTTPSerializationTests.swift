@testable import LabWire
import Testing

@Suite struct HTTPSerializationTests {
    @Test func serializesResponseWithContentLength() {
        let response = HTTPResponse(
            status: .ok, headers: HTTPHeaders([("Content-Type", "text/plain")]), body: bytes("hello"))
        #expect(
            response.serialized()
                == bytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello"))
    }

    @Test func keepsAnExplicitContentLengthInsteadOfAddingASecond() {
        let response = HTTPResponse(status: .notFound, headers: HTTPHeaders([("content-length", "0")]))
        #expect(response.serialized() == bytes("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n"))
    }

    @Test func addsNoContentLengthToStatusesWithoutBody() {
        #expect(
            HTTPResponse(status: HTTPStatus(code: 204)).serialized()
                == bytes("HTTP/1.1 204 No Content\r\n\r\n"))
    }

    @Test func writesAnUnknownStatusWithAnEmptyReasonPhrase() throws {
        let serialized = HTTPResponse(status: HTTPStatus(code: 299)).serialized()
        #expect(serialized == bytes("HTTP/1.1 299 \r\nContent-Length: 0\r\n\r\n"))
        #expect(
            try HTTPResponseParser.parseComplete(serialized).head.status
                == HTTPStatus(code: 299, reasonPhrase: ""))
    }

    @Test(arguments: [
        HTTPResponse(status: .ok),
        HTTPResponse(
            status: .serviceUnavailable, headers: HTTPHeaders([("Retry-After", "1")]), body: bytes("busy")),
        HTTPResponse(
            status: .ok, headers: HTTPHeaders([("Content-Type", "application/octet-stream")]),
            body: Array(0...255)),
        HTTPResponse(
            status: .ok, headers: HTTPHeaders([("Transfer-Encoding", "chunked")]), body: bytes("streamed")),
        HTTPResponse(status: .ok, headers: HTTPHeaders([("Transfer-Encoding", "chunked")])),
    ])
    func responseRoundTripsThroughTheParser(response: HTTPResponse) throws {
        let parsed = try HTTPResponseParser.parseComplete(response.serialized())
        var expected = response
        if response.head.headers["Transfer-Encoding"] == nil {
            expected.head.headers.add(name: "Content-Length", value: String(response.body.count))
        }
        #expect(parsed == expected)
    }

    @Test func streamedHeadAndChunksParseAsOneBody() throws {
        let head = HTTPResponseHead(
            version: .http1_1, status: .ok, headers: HTTPHeaders([("Transfer-Encoding", "chunked")]))
        let pieces = [bytes("data: 1\n\n"), [], bytes("data: [DONE]\n\n")]
        let wire =
            head.serialized() + pieces.flatMap(HTTPChunkedEncoding.chunk) + HTTPChunkedEncoding.lastChunk
        #expect(
            try HTTPResponseParser.parseComplete(wire)
                == HTTPResponse(head: head, body: pieces.flatMap { $0 }))
    }

    @Test func serializesGetWithoutContentLength() {
        let request = HTTPRequest(
            method: "GET", target: "/health", headers: HTTPHeaders([("Host", "backend:5001")]))
        #expect(request.serialized() == bytes("GET /health HTTP/1.1\r\nHost: backend:5001\r\n\r\n"))
    }

    @Test(arguments: ["POST", "PUT"])
    func declaresAnEmptyBodyForPostAndPut(method: String) {
        #expect(
            HTTPRequest(method: method, target: "/").serialized()
                == bytes("\(method) / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"))
    }

    @Test(arguments: [
        HTTPRequest(method: "GET", target: "/v1/models?x=1", headers: HTTPHeaders([("Host", "h")])),
        HTTPRequest(
            method: "POST", target: "/v1/chat/completions",
            headers: HTTPHeaders([("Host", "h"), ("Content-Type", "application/json")]),
            body: bytes("{\"stream\":true}")),
        HTTPRequest(
            method: "DELETE", target: "/item", headers: HTTPHeaders([("Host", "h")]), body: bytes("x")),
        HTTPRequest(
            method: "POST", target: "/c",
            headers: HTTPHeaders([("Host", "h"), ("Transfer-Encoding", "chunked")]),
            body: bytes("abc")),
    ])
    func requestRoundTripsThroughTheParser(request: HTTPRequest) {
        var expected = request
        let method = request.head.method
        if request.head.headers["Transfer-Encoding"] == nil,
            !request.body.isEmpty || method == "POST" || method == "PUT"
        {
            expected.head.headers.add(name: "Content-Length", value: String(request.body.count))
        }
        #expect(requestEvents([request.serialized()]) == [.request(expected)])
    }

    @Test func standardStatusesCarryTheirReasonPhrases() {
        #expect(HTTPStatus.ok.reasonPhrase == "OK")
        #expect(
            HTTPStatus.requestHeaderFieldsTooLarge
                == HTTPStatus(code: 431, reasonPhrase: "Request Header Fields Too Large"))
        #expect(HTTPStatus(code: 429).reasonPhrase == "Too Many Requests")
    }
}
