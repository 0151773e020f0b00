@testable import LabWire
import Testing

@Suite struct HTTPURLTests {
    @Test(arguments: [
        ("http://127.0.0.1:4000/v1/chat/completions", "127.0.0.1", 4000, "/v1/chat/completions"),
        ("http://[::1]:5001", "::1", 5001, "/"),
        ("http://backend:5001/v1", "backend", 5001, "/v1"),
        ("http://example.com", "example.com", 80, "/"),
        ("HTTP://Example.com/a?b=c#fragment", "Example.com", 80, "/a?b=c"),
        ("http://host?x=1", "host", 80, "/?x=1"),
        ("http://[::ffff:10.0.0.1]/", "::ffff:10.0.0.1", 80, "/"),
    ])
    func parsesHostPortAndPath(input: String, host: String, port: Int, path: String) throws {
        let url = try HTTPURL(parsing: input)
        #expect(url.host == host)
        #expect(url.port == port)
        #expect(url.path == path)
    }

    @Test(arguments: [
        ("https://api.example.com/v1", HTTPURLError.unsupportedScheme("https")),
        ("ftp://host/", .unsupportedScheme("ftp")),
        ("localhost:4000", .missingScheme("localhost:4000")),
        ("http://", .missingHost),
        ("http:///path", .missingHost),
        ("http://:4000/", .missingHost),
        ("http://host:", .invalidPort("")),
        ("http://host:0", .invalidPort("0")),
        ("http://host:65536", .invalidPort("65536")),
        ("http://host:+80", .invalidPort("+80")),
        ("http://host:4o00/", .invalidPort("4o00")),
        ("http://user@host/", .invalidHost("user@host")),
        ("http://[::1/", .invalidHost("[::1")),
        ("http://[::1]x/", .invalidHost("[::1]x")),
        ("http://[]/", .invalidHost("")),
        ("http://[example.com]/", .invalidHost("example.com")),
        ("http://ho st/", .invalidHost("ho st")),
        ("http://host/a b", .invalidPath("/a b")),
    ])
    func rejectsUnusableURL(input: String, error: HTTPURLError) {
        #expect(throws: error) { try HTTPURL(parsing: input) }
    }

    @Test func errorMessagesSayWhatToWriteInstead() {
        #expect(HTTPURLError.unsupportedScheme("https").description.contains("http://"))
        #expect(HTTPURLError.invalidPort("x").description.contains("1 to 65535"))
    }

    @Test(arguments: [
        ("http://h/v1", "chat/completions", "/v1/chat/completions"),
        ("http://h/v1/", "/chat/completions", "/v1/chat/completions"),
        ("http://h//v1//", "//x", "//v1/x"),
        ("http://h", "/health", "/health"),
    ])
    func appendingJoinsWithExactlyOneSlash(base: String, suffix: String, path: String) throws {
        let url = try HTTPURL(parsing: base).appending(path: suffix)
        #expect(url.path == path)
        #expect(url.host == "h")
    }

    @Test(arguments: [
        ("http://backend:5001/v1", "backend:5001"),
        ("http://backend/v1", "backend"),
        ("http://[::1]:5001", "[::1]:5001"),
        ("http://[::1]:80", "[::1]"),
    ])
    func hostHeaderBracketsIPv6AndOmitsPort80(input: String, hostHeader: String) throws {
        #expect(try HTTPURL(parsing: input).hostHeader == hostHeader)
    }

    @Test(arguments: ["http://backend:5001/v1?x=1", "http://[::1]:5001/", "http://example.com/"])
    func descriptionParsesBackToTheSameURL(input: String) throws {
        let url = try HTTPURL(parsing: input)
        #expect(url.description == input)
        #expect(try HTTPURL(parsing: url.description) == url)
    }
}
