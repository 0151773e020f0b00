/// Why a string is not a usable `http://` URL; each message says how to fix it.
package enum HTTPURLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `scheme://` prefix; carries the whole input.
    case missingScheme(String)
    /// A scheme other than `http`, e.g. `https`; carries the scheme.
    case unsupportedScheme(String)
    /// Nothing between `http://` and the path or port.
    case missingHost
    /// The host has characters no host name or bracketed IPv6 address may have, or user info.
    case invalidHost(String)
    /// The port is not a number from 1 to 65535; carries the port text.
    case invalidPort(String)
    /// The path or query contains spaces, control characters or non-ASCII characters.
    case invalidPath(String)

    /// What was wrong and what to write instead.
    package var description: String {
        switch self {
        case .missingScheme(let input):
            "URL '\(input)' has no scheme; write it as http://host:port/path"
        case .unsupportedScheme(let scheme):
            "URL scheme '\(scheme)' is not supported; the lab speaks plain HTTP only, use http://host:port/path"
        case .missingHost:
            "URL has no host; write it as http://host:port/path"
        case .invalidHost(let host):
            "URL host '\(host)' is invalid; use a host name, an IPv4 address, or an IPv6 address in brackets "
                + "like [::1], without user@ info"
        case .invalidPort(let port):
            "URL port '\(port)' is invalid; use a number from 1 to 65535, or omit it for 80"
        case .invalidPath(let path):
            "URL path '\(path)' is invalid; percent-encode spaces, control and non-ASCII characters"
        }
    }
}
