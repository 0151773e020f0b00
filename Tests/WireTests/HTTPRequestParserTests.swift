@testable import LabWire
import Testing

@Suite struct HTTPRequestParserTests {
    @Test func parsesGetWithoutBody() {
        let events = requestEvents("GET /v1/models?limit=5 HTTP/1.1\r\nHost: backend\r\nAccept: */*\r\n\r\n")
        #expect(
            events == [
                request("GET", "/v1/models?limit=5", headers: [("Host", "backend"), ("Accept", "*/*")])
            ])
    }

    @Test func pathDropsTheQuery() {
        let head = HTTPRequestHead(
            method: "GET", target: "/v1/models?limit=5&x=?", version: .http1_1, headers: .init())
        #expect(head.path == "/v1/models")
        #expect(
            HTTPRequestHead(method: "GET", target: "/plain", version: .http1_1, headers: .init()).path
                == "/plain")
    }

    @Test func parsesContentLengthBody() {
        let events = requestEvents(
            "POST /v1/chat HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world")
        #expect(
            events == [
                request(
                    "POST", "/v1/chat", headers: [("Host", "x"), ("Content-Length", "11")],
                    body: "hello world")
            ])
    }

    @Test func trimsOptionalWhitespaceAroundValuesButKeepsInnerWhitespace() {
        let events = requestEvents(
            "GET / HTTP/1.1\r\nHost: x\r\nX-A: \t a  b \t\r\nX-Empty:\r\nX-Tight:v\r\n\r\n")
        #expect(
            events == [
                request(
                    "GET", "/", headers: [("Host", "x"), ("X-A", "a  b"), ("X-Empty", ""), ("X-Tight", "v")])
            ])
    }

    @Test func acceptsRepeatedContentLengthWithTheSameValue() {
        let events = requestEvents(
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2, 02\r\nContent-Length: 2\r\n\r\nok")
        #expect(events.count == 1)
        guard case .request(let parsed) = events.first else {
            Issue.record("parsed no request: \(events)")
            return
        }
        #expect(parsed.body == bytes("ok"))
    }

    @Test(
        arguments: [
            ("HTTP/1.1", nil, true),
            ("HTTP/1.1", "close", false),
            ("HTTP/1.1", "Upgrade, CLOSE", false),
            ("HTTP/1.0", nil, false),
            ("HTTP/1.0", "Keep-Alive", true),
            ("HTTP/1.0", "keep-alive, close", false),
        ] as [(String, String?, Bool)])
    func keepAliveFollowsVersionAndConnectionHeader(version: String, connection: String?, expected: Bool) {
        let header = connection.map { "Connection: \($0)\r\n" } ?? ""
        let events = requestEvents("GET / \(version)\r\nHost: x\r\n\(header)\r\n")
        guard case .request(let parsed)? = events.first else {
            Issue.record("no request: \(events)")
            return
        }
        #expect(parsed.head.keepAlive == expected)
    }

    @Test func returnsNilUntilTheBodyIsComplete() {
        var parser = HTTPRequestParser()
        parser.feed(bytes("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nab"))
        #expect(parser.next() == nil)
        #expect(parser.hasBufferedBytes)
        parser.feed(bytes("cd"))
        #expect(
            parser.next()
                == request("POST", "/", headers: [("Host", "x"), ("Content-Length", "4")], body: "abcd"))
        #expect(!parser.hasBufferedBytes)
        #expect(parser.next() == nil)
    }

    @Test func reportsBufferedBytesForAnIncompleteRequestLine() {
        var parser = HTTPRequestParser()
        #expect(!parser.hasBufferedBytes)
        parser.feed(bytes("GE"))
        #expect(parser.next() == nil)
        #expect(parser.hasBufferedBytes)
    }

    @Test func failureIsStickyEvenIfValidBytesFollow() {
        var parser = HTTPRequestParser()
        parser.feed(bytes("GET  / HTTP/1.1\r\n"))
        #expect(parser.next() == .failure(.malformedRequestLine))
        parser.feed(bytes("GET / HTTP/1.1\r\n\r\n"))
        #expect(parser.next() == .failure(.malformedRequestLine))
    }

    @Test func rejectsAMalformedRequestLineBeforeTheHeadersArrive() {
        #expect(requestEvents("GET /a b HTTP/1.1\r\nHost: x") == [.failure(.malformedRequestLine)])
    }
}
