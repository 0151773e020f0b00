/// `HTTP-version SP status-code SP [reason-phrase]` (RFC 9112 §4).
struct StatusLine: StartLine {
    let version: HTTPVersion
    let status: HTTPStatus

    /// A client is as forgiving as RFC 9112 §2.2 allows: a bare LF ends a line, and any number of
    /// empty lines may come before the status line.
    static let lineRules = LineRules(acceptsBareLineFeed: true, maxEmptyLinesBeforeStartLine: nil)

    /// Parses the line; a missing space after the code is tolerated since the reason is ignorable.
    init(parsing line: ArraySlice<UInt8>) throws(HTTPParseError) {
        let parts = line.split(separator: HTTPSyntax.space, maxSplits: 2, omittingEmptySubsequences: false)
        let reason = parts.count == 3 ? parts[2] : []
        guard parts.count >= 2, let version = HTTPVersion(wireBytes: parts[0]),
            let code = Self.statusCode(parts[1]), reason.allSatisfy(HTTPSyntax.isFieldContent)
        else { throw .malformedStatusLine }
        try version.requireSupported()
        self.version = version
        status = HTTPStatus(code: code, reasonPhrase: String(decoding: reason, as: UTF8.self))
    }

    /// A client requires no particular field of a response; what it needs, the framing, is checked by
    /// ``bodyFraming(for:maxBodyBytes:)``.
    func validate(_ headers: HTTPHeaders) {}

    /// A response without framing headers runs until the server closes (RFC 9112 §6.3 rule 8).
    func bodyFraming(for headers: HTTPHeaders, maxBodyBytes: Int) throws(HTTPParseError) -> BodyFraming {
        guard status.permitsBody else { return .length(0) }
        return try BodyFraming(
            headers: headers, version: version, maxBodyBytes: maxBodyBytes, otherwise: .untilClose)
    }

    /// Three digits in 100...599, the only codes RFC 9110 §15 defines as valid.
    private static func statusCode(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard bytes.count == 3, bytes.allSatisfy(HTTPSyntax.isDigit),
            let code = Int(String(decoding: bytes, as: UTF8.self)), (100...599).contains(code)
        else { return nil }
        return code
    }
}
