extension HTTPHeaders {
    /// Parses one field line, `name ":" OWS value OWS` (RFC 9112 §5).
    ///
    /// Requiring the name to be a token rejects both whitespace before the colon and obs-fold
    /// continuation lines, which RFC 9112 §5.1 and §5.2 tell servers to reject.
    static func parseField(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> (name: String, value: String)
    {
        guard let colon = line.firstIndex(of: HTTPSyntax.colon) else { throw .malformedHeader }
        let name = line[..<colon]
        let value = HTTPSyntax.trimmingWhitespace(line[(colon + 1)...])
        guard HTTPSyntax.isToken(name), value.allSatisfy(HTTPSyntax.isFieldContent) else {
            throw .malformedHeader
        }
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    /// The comma-separated elements of every `name` field, trimmed, empty elements kept.
    ///
    /// Empty elements are kept so Content-Length, which is a number and not a list, can reject
    /// `5,` instead of silently accepting it; callers reading a real list drop them.
    func listElements(for name: String) -> [String] {
        values(for: name).flatMap { value in
            value.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map {
                String(decoding: HTTPSyntax.trimmingWhitespace(ArraySlice($0)), as: UTF8.self)
            }
        }
    }

    /// Whether the connection stays open after a message with these headers (RFC 9112 §9.3).
    func keepsConnectionAlive(version: HTTPVersion) -> Bool {
        let options = listElements(for: "Connection")
        func has(_ option: String) -> Bool {
            options.contains { HTTPSyntax.equalsIgnoringASCIICase($0, option) }
        }
        if has("close") { return false }
        return version == .http1_1 || has("keep-alive")
    }
}
