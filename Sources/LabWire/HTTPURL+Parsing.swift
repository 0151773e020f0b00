extension HTTPURL {
    /// Parses `http://host[:port][/path][?query]`.
    ///
    /// Only plain HTTP is accepted: the lab talks to local proxies and backends and has no TLS.
    /// User info is rejected rather than silently sent nowhere.
    package init(parsing string: String) throws(HTTPURLError) {
        guard let separator = string.firstRange(of: "://") else { throw .missingScheme(string) }
        let scheme = string[..<separator.lowerBound].lowercased()
        guard scheme == "http" else { throw .unsupportedScheme(scheme) }
        let rest = string[separator.upperBound...].prefix { $0 != "#" }
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        let target = rest.dropFirst(authority.count)
        let (host, port) = try Self.parseAuthority(authority)
        guard target.utf8.allSatisfy(HTTPSyntax.isVisible) else { throw .invalidPath(String(target)) }
        let path = target.hasPrefix("/") ? String(target) : "/" + target
        self.init(host: host, port: port, path: path)
    }

    private static func parseAuthority(_ authority: Substring) throws(HTTPURLError) -> (String, Int) {
        guard !authority.isEmpty else { throw .missingHost }
        let host: Substring
        let portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .invalidHost(String(authority)) }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { throw .invalidHost(String(authority)) }
            portText = after.isEmpty ? nil : after.dropFirst()
            guard !host.isEmpty, host.contains(":"),
                host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." })
            else { throw .invalidHost(String(host)) }
        } else {
            host = authority.prefix { $0 != ":" }
            portText = host.count == authority.count ? nil : authority.dropFirst(host.count + 1)
            guard !host.isEmpty else { throw .missingHost }
            guard host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._~".contains($0)) })
            else {
                throw .invalidHost(String(host))
            }
        }
        return (String(host), try portText.map(parsePort) ?? 80)
    }

    private static func parsePort(_ text: Substring) throws(HTTPURLError) -> Int {
        guard text.utf8.allSatisfy(HTTPSyntax.isDigit), let port = Int(text), (1...65_535).contains(port)
        else {
            throw .invalidPort(String(text))
        }
        return port
    }
}
