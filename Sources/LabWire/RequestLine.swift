/// `method SP request-target SP HTTP-version` (RFC 9112 §3).
struct RequestLine: StartLine {
    let method: String
    let target: String
    let version: HTTPVersion

    /// CRLF on every line, and at most one empty line before the request line.
    ///
    /// RFC 9112 §2.2 lets a server accept a bare LF as a line end; this one refuses it with 400
    /// wherever a line ends: empty lines before the request, the request line, field lines,
    /// chunk-size lines, the end of chunk data, trailers. Every client the fake backend serves
    /// (LiteLLM's HTTP clients, nginx, the load client, curl) sends CRLF, so a bare LF comes only
    /// from a broken or hostile peer; and a bare LF is where a proxy in front and this server
    /// would split lines differently, chunked bodies above all, which is how smuggling starts.
    /// Accepting it on some lines and not others would be the worst choice; refusing it on all of
    /// them is one rule with no exception. (A bare CR is never a line end: it stays in the line
    /// and fails that line's grammar.)
    ///
    /// §2.2 asks a server to ignore at least one empty line before the request line, for old
    /// clients that sent one after a body. Exactly one is ignored and a second gets 400, so a peer
    /// cannot keep a connection busy with empty lines instead of a request.
    static let lineRules = LineRules(acceptsBareLineFeed: false, maxEmptyLinesBeforeStartLine: 1)

    /// Parses the line, rejecting extra or missing spaces and any byte outside the grammar.
    ///
    /// The target must be visible ASCII: RFC 9112 §3.2 has no whitespace or control
    /// characters in any request-target form, and a lenient split here is how smuggling starts.
    init(parsing line: ArraySlice<UInt8>) throws(HTTPParseError) {
        let parts = line.split(separator: HTTPSyntax.space, omittingEmptySubsequences: false)
        guard parts.count == 3, HTTPSyntax.isToken(parts[0]), !parts[1].isEmpty,
            parts[1].allSatisfy(HTTPSyntax.isVisible), let version = HTTPVersion(wireBytes: parts[2])
        else { throw .malformedRequestLine }
        try version.requireSupported()
        method = String(decoding: parts[0], as: UTF8.self)
        target = String(decoding: parts[1], as: UTF8.self)
        self.version = version
    }

    /// A request without Content-Length or Transfer-Encoding has no body (RFC 9112 §6.3 rule 7).
    func bodyFraming(for headers: HTTPHeaders, maxBodyBytes: Int) throws(HTTPParseError) -> BodyFraming {
        try BodyFraming(headers: headers, version: version, maxBodyBytes: maxBodyBytes, otherwise: .length(0))
    }
}
