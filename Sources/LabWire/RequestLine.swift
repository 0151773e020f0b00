/// `method SP request-target SP HTTP-version` (RFC 9112 §3).
struct RequestLine: StartLine {
    let method: String
    let target: String
    let version: HTTPVersion

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
