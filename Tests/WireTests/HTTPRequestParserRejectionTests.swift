@testable import LabWire
import Testing

/// Each input is a complete message on its own; the parser must refuse it with one exact error.
@Suite struct HTTPRequestParserRejectionTests {
    @Test(arguments: [
        "GET  / HTTP/1.1",
        " GET / HTTP/1.1",
        "GET / HTTP/1.1 ",
        "GET\t/ HTTP/1.1",
        "/ HTTP/1.1",
        " / HTTP/1.1",
        "G(T / HTTP/1.1",
        "GET /a\tb HTTP/1.1",
        "GET /a\u{7F} HTTP/1.1",
        "GET /caf\u{E9} HTTP/1.1",
        "GET /",
        "GET / ",
        "GET / http/1.1",
        "GET / HTTP/1.10",
        "GET / HTTP/1",
        "GET / HTTP/1.1\r\r",
    ])
    func rejectsMalformedRequestLine(line: String) {
        #expect(requestEvents("\(line)\r\nHost: x\r\n\r\n") == [.failure(.malformedRequestLine)])
    }

    @Test(arguments: ["HTTP/2.0", "HTTP/0.9", "HTTP/1.2", "HTTP/3.0"])
    func rejectsWellFormedButUnsupportedVersion(version: String) {
        #expect(requestEvents("GET / \(version)\r\n\r\n") == [.failure(.unsupportedVersion)])
    }

    @Test(arguments: [
        "Host : x",
        "Host\t: x",
        "NoColon",
        ": empty-name",
        "Bad Name: x",
        "X-Nul: a\u{0}b",
        "X-CR: a\rb",
        "X-Bell: \u{7}",
    ])
    func rejectsMalformedHeaderField(field: String) {
        #expect(requestEvents("GET / HTTP/1.1\r\n\(field)\r\n\r\n") == [.failure(.malformedHeader)])
    }

    @Test(arguments: ["X-Folded: a\r\n continued", "X-Folded: a\r\n\tcontinued", " X-Leading: a"])
    func rejectsObsoleteLineFolding(fields: String) {
        #expect(requestEvents("GET / HTTP/1.1\r\n\(fields)\r\n\r\n") == [.failure(.malformedHeader)])
    }

    @Test(arguments: [
        ["abc"], ["-1"], ["+5"], ["0x5"], [""], ["5 5"], ["5,"], ["5, 6"], ["5", "6"],
        ["99999999999999999999999"],
    ])
    func rejectsInvalidContentLength(values: [String]) {
        let fields = values.map { "Content-Length: \($0)\r\n" }.joined()
        #expect(
            requestEvents("POST / HTTP/1.1\r\nHost: x\r\n\(fields)\r\nhello") == [
                .failure(.invalidContentLength)
            ])
    }

    /// RFC 9112 §6.3 rule 4: without chunked as the final coding a request's length is unknown: 400.
    @Test(arguments: [
        ["gzip"], ["chunked, gzip"], ["chunked", "gzip"], ["chunked, chunked"], ["chunked", "chunked"], [""],
        [", ,"], ["chun\u{212A}ed"],
    ])
    func rejectsTransferEncodingNotEndingWithChunkedOnce(values: [String]) {
        let fields = values.map { "Transfer-Encoding: \($0)\r\n" }.joined()
        #expect(
            requestEvents("POST / HTTP/1.1\r\nHost: x\r\n\(fields)\r\n0\r\n\r\n") == [
                .failure(.invalidTransferEncoding)
            ])
    }

    /// RFC 9112 §6.1: a coding the server does not implement gets 501; chunked is the only one it has.
    @Test(arguments: [["gzip, chunked"], ["gzip", "chunked"], ["x-custom ,chunked"]])
    func refusesACodingBeforeChunkedAsNotImplemented(values: [String]) {
        let fields = values.map { "Transfer-Encoding: \($0)\r\n" }.joined()
        #expect(
            requestEvents("POST / HTTP/1.1\r\nHost: x\r\n\(fields)\r\n0\r\n\r\n") == [
                .failure(.unsupportedTransferEncoding)
            ])
    }

    /// RFC 9110 §5.6.1.2: empty list elements are ignored, and coding names ignore ASCII case.
    @Test(arguments: [
        ("chunked,", "chunked,"), (", chunked", ", chunked"), (" ,CHUNKED, ", ",CHUNKED,"),
        ("cHuNkEd", "cHuNkEd"),
    ])
    func acceptsChunkedAmongEmptyListElementsInAnyCase(written: String, stored: String) {
        let input = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: \(written)\r\n\r\n2\r\nok\r\n0\r\n\r\n"
        #expect(
            requestEvents(input) == [
                request("POST", "/", headers: [("Host", "x"), ("Transfer-Encoding", stored)], body: "ok")
            ])
    }

    @Test func rejectsTransferEncodingTogetherWithContentLength() {
        let input =
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        #expect(requestEvents(input) == [.failure(.malformedHeader)])
    }

    @Test func rejectsTransferEncodingInHTTP10() {
        #expect(
            requestEvents("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") == [
                .failure(.malformedHeader)
            ])
    }

    @Test(arguments: [
        "xyz\r\n",
        "\r\n",
        "-5\r\nhello\r\n",
        "5 \r\nhello\r\n0\r\n\r\n",
        "5;ext\u{1}\r\nhello\r\n0\r\n\r\n",
        "5\r\nhelloXX\r\n0\r\n\r\n",
        "5\r\nhello0\r\n\r\n",
    ])
    func rejectsMalformedChunk(chunks: String) {
        let input = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\(chunks)"
        #expect(requestEvents(input) == [.failure(.malformedChunk)])
    }

    @Test func rejectsMalformedTrailerField() {
        let input =
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nBad Trailer: x\r\n\r\n"
        #expect(requestEvents(input) == [.failure(.malformedHeader)])
    }

    @Test(arguments: [
        (HTTPParseError.malformedRequestLine, 400), (.malformedHeader, 400), (.bareLineFeed, 400),
        (.tooManyEmptyLines, 400), (.missingHost, 400), (.repeatedHost, 400), (.invalidHost, 400),
        (.invalidContentLength, 400), (.invalidTransferEncoding, 400), (.malformedChunk, 400),
        (.headerBlockTooLarge, 431), (.bodyTooLarge, 413), (.unsupportedTransferEncoding, 501),
        (.unsupportedVersion, 505),
    ])
    func errorMapsToTheStatusAServerAnswers(error: HTTPParseError, code: Int) {
        #expect(error.status.code == code)
        #expect(error.status == HTTPStatus(code: code))
    }
}
