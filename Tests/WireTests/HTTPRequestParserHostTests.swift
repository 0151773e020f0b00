@testable import LabWire
import Testing

/// RFC 9112 §3.2: one valid Host in every HTTP/1.1 request, at most one in any request.
@Suite struct HTTPRequestParserHostTests {
    @Test func refusesAnHTTP11RequestWithoutHost() {
        #expect(requestEvents("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n") == [.failure(.missingHost)])
    }

    @Test func acceptsAnHTTP10RequestWithoutHost() {
        #expect(
            requestEvents("GET / HTTP/1.0\r\n\r\n") == [request("GET", "/", version: .http1_0, headers: [])])
    }

    @Test(arguments: ["HTTP/1.1", "HTTP/1.0"], ["Host: a\r\nHost: a\r\n", "Host: a\r\nX: 1\r\nhost: b\r\n"])
    func refusesMoreThanOneHostLine(version: String, fields: String) {
        #expect(requestEvents("GET / \(version)\r\n\(fields)\r\n") == [.failure(.repeatedHost)])
    }

    @Test(arguments: [
        "example.com", "example.com:8080", "127.0.0.1:5001", "localhost:", "", ":80", "a%2Db.c",
        "sub-delims!$&'()*+,;=", "[::1]", "[::1]:4000", "[2001:db8::7]", "[::ffff:192.0.2.1]:80", "[v1.fe:x]",
        "[V7.a]",
    ])
    func acceptsAValidHost(value: String) {
        #expect(
            requestEvents("GET / HTTP/1.1\r\nHost: \(value)\r\n\r\n") == [
                request("GET", "/", headers: [("Host", value)])
            ])
    }

    @Test(arguments: [
        "a b", "x/y", "user@x", "x?y", "x#y", "x:80:90", "x:8o", "x:-1", "%zz", "%2", "caf\u{E9}.com",
        "\"x\"",
        "[::1", "[::1]x", "[::1]:8o", "[]", "[g::1]", "[1.2.3.4]", "[v.x]", "[v1.]", "[v1x]", "::1", "a,b c",
    ])
    func refusesAnInvalidHost(value: String) {
        #expect(requestEvents("GET / HTTP/1.1\r\nHost: \(value)\r\n\r\n") == [.failure(.invalidHost)])
        #expect(requestEvents("GET / HTTP/1.0\r\nHost: \(value)\r\n\r\n") == [.failure(.invalidHost)])
    }

    @Test func checksHostBeforeBodyFraming() {
        let input = "POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n"
        #expect(requestEvents(input) == [.failure(.missingHost)])
    }
}
