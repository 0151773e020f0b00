@testable import LabWire
import Testing

/// The request parser's line rules: CRLF wherever a line ends, and one empty line before a request.
@Suite struct HTTPRequestParserLineRuleTests {
    private static let chunked = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"

    /// One input per place a line ends, each with a single bare LF there and CRLF everywhere else.
    static let bareLineFeeds = [
        "\nGET / HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET / HTTP/1.1\nHost: x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\nAccept: */*\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\n\n",
        chunked + "2\nok\r\n0\r\n\r\n",
        chunked + "2;e=1\nok\r\n0\r\n\r\n",
        chunked + "2\r\nok\n0\r\n\r\n",
        chunked + "2\r\nok\r\n0\n\r\n",
        chunked + "2\r\nok\r\n0\r\n\n",
        chunked + "2\r\nok\r\n0\r\nT: 1\n\r\n",
        chunked + "2\r\nok\r\n0\r\nT: 1\r\n\n",
    ]

    @Test(arguments: bareLineFeeds)
    func refusesABareLineFeedWhereverALineEnds(input: String) {
        #expect(requestEvents(input) == [.failure(.bareLineFeed)])
    }

    @Test(arguments: bareLineFeeds)
    func theSameRequestWithCRLFIsAccepted(input: String) {
        let events = requestEvents(withCRLF(input))
        #expect(events.count == 1)
        guard case .request = events.first else {
            Issue.record("expected a request, got \(events)")
            return
        }
    }

    /// A bare CR never ends a line: it stays inside one, which then fails its own grammar.
    @Test(arguments: [
        "\rGET / HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET / HTTP/1.1\rHost: x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\rAccept: */*\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\n\rGET / HTTP/1.1\r\nHost: x\r\n\r\n",
        chunked + "2\rok\r\n0\r\n\r\n",
        chunked + "2\r\nok\r0\r\n\r\n",
        chunked + "2\r\nok\r\n0\r\r\n",
        chunked + "2\r\nok\r\n0\r\nT: 1\rU: 2\r\n\r\n",
    ])
    func refusesABareCarriageReturnWhereverALineEnds(input: String) {
        let events = requestEvents(input)
        guard case .failure(let error)? = events.first, events.count == 1 else {
            Issue.record("expected one failure, got \(events)")
            return
        }
        #expect(error.status == .badRequest)
    }

    @Test(arguments: [(0, true), (1, true), (2, false), (5, false)])
    func ignoresOneEmptyLineBeforeTheRequestLineAndRefusesASecond(emptyLines: Int, accepted: Bool) {
        let events = requestEvents(
            String(repeating: "\r\n", count: emptyLines) + "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(
            events == [
                accepted ? request("GET", "/", headers: [("Host", "x")]) : .failure(.tooManyEmptyLines)
            ])
    }

    @Test func eachPipelinedRequestMayHaveItsOwnEmptyLine() {
        let get = "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
        let one = requestEvents(get + "\r\n" + get + "\r\n" + get)
        #expect(one == Array(repeating: request("GET", "/", headers: [("Host", "x")]), count: 3))
        let two = requestEvents(get + "\r\n\r\n" + get)
        #expect(two == [request("GET", "/", headers: [("Host", "x")]), .failure(.tooManyEmptyLines)])
    }

    @Test func refusesASecondEmptyLineAsSoonAsItArrives() {
        var parser = HTTPRequestParser()
        parser.feed(bytes("\r\n"))
        #expect(parser.next() == nil)
        #expect(!parser.hasBufferedBytes)
        parser.feed(bytes("\r\n"))
        #expect(parser.next() == .failure(.tooManyEmptyLines))
    }

    /// `text` with every LF that has no CR before it given one.
    private func withCRLF(_ text: String) -> String {
        var result = ""
        for character in text {
            result.append(character == "\n" ? "\r\n" : character)
        }
        return result
    }
}
