extension RequestLine {
    /// RFC 9112 §3.2: a server answers 400 to an HTTP/1.1 request without Host, and to any request
    /// with more than one Host field line or an invalid Host value.
    ///
    /// HTTP/1.0 predates Host, so there it may be missing.
    func validate(_ headers: HTTPHeaders) throws(HTTPParseError) {
        let hosts = headers.values(for: "Host")
        switch hosts.count {
        case 0: if version == .http1_1 { throw .missingHost }
        case 1: guard Self.isHost(Array(hosts[0].utf8)[...]) else { throw .invalidHost }
        default: throw .repeatedHost
        }
    }

    /// Whether `bytes` is `uri-host [":" port]` (RFC 9110 §7.2, RFC 3986 §3.2.2), port being `*DIGIT`.
    ///
    /// An empty value is valid: §3.2 has a client send one when the target has no authority.
    private static func isHost(_ bytes: ArraySlice<UInt8>) -> Bool {
        let hostEnd: Int
        if bytes.first == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")),
                isIPLiteral(bytes[(bytes.startIndex + 1)..<close])
            else { return false }
            hostEnd = close + 1
        } else {
            hostEnd = bytes.firstIndex(of: HTTPSyntax.colon) ?? bytes.endIndex
            guard isRegisteredName(bytes[..<hostEnd]) else { return false }
        }
        let port = bytes[hostEnd...]
        return port.isEmpty
            || (port.first == HTTPSyntax.colon && port.dropFirst().allSatisfy(HTTPSyntax.isDigit))
    }

    /// `*( unreserved / pct-encoded / sub-delims )`, which covers IPv4 addresses too.
    private static func isRegisteredName(_ bytes: ArraySlice<UInt8>) -> Bool {
        var rest = bytes
        while let byte = rest.popFirst() {
            if byte == UInt8(ascii: "%") {
                guard rest.count >= 2, rest.prefix(2).allSatisfy(HTTPSyntax.isHexDigit) else { return false }
                rest = rest.dropFirst(2)
            } else if !isUnreservedOrSubDelimiter(byte) {
                return false
            }
        }
        return true
    }

    /// The inside of `[...]`: an IPv6 address, checked for its alphabet only, or `IPvFuture`.
    ///
    /// Checking the alphabet is enough to keep whitespace, paths and user info out of the Host;
    /// which IPv6 address it names is of no concern to a server that ignores it.
    private static func isIPLiteral(_ bytes: ArraySlice<UInt8>) -> Bool {
        if bytes.first == UInt8(ascii: "v") || bytes.first == UInt8(ascii: "V") {
            // IPvFuture: "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
            let version = bytes.dropFirst().prefix(while: HTTPSyntax.isHexDigit)
            let rest = bytes.dropFirst(1 + version.count)
            return !version.isEmpty && rest.first == UInt8(ascii: ".") && rest.count > 1
                && rest.dropFirst().allSatisfy { $0 == HTTPSyntax.colon || isUnreservedOrSubDelimiter($0) }
        }
        return bytes.contains(HTTPSyntax.colon)
            && bytes.allSatisfy {
                HTTPSyntax.isHexDigit($0) || $0 == HTTPSyntax.colon || $0 == UInt8(ascii: ".")
            }
    }

    private static func isUnreservedOrSubDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"):
            true
        default:
            "-._~!$&'()*+,;=".utf8.contains(byte)
        }
    }
}
