@testable import LabWire
import Testing

@Suite struct HTTPResponseParseCompleteTests {
    @Test func collectsAWholeCloseDelimitedResponse() throws {
        let response = try HTTPResponseParser.parseComplete(bytes("HTTP/1.1 200 OK\r\nX: y\r\n\r\nall of it"))
        #expect(
            response
                == HTTPResponse(status: .ok, headers: HTTPHeaders([("X", "y")]), body: bytes("all of it")))
    }

    @Test func joinsChunkedPiecesIntoOneBody() throws {
        let input = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
        #expect(try HTTPResponseParser.parseComplete(bytes(input)).body == bytes("abcde"))
    }

    @Test(arguments: ["", "HTTP/1.1 200 OK\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabc"])
    func throwsTruncatedWhenTheBytesEndEarly(input: String) {
        #expect(throws: HTTPParseError.truncatedMessage) {
            try HTTPResponseParser.parseComplete(bytes(input))
        }
    }

    @Test func throwsWhenBytesFollowTheResponse() {
        let input = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nab"
        #expect(throws: HTTPParseError.unexpectedBytesAfterMessage) {
            try HTTPResponseParser.parseComplete(bytes(input))
        }
    }

    @Test func throwsTheParseFailure() {
        #expect(throws: HTTPParseError.malformedStatusLine) {
            try HTTPResponseParser.parseComplete(bytes("nonsense\r\n\r\n"))
        }
    }
}
