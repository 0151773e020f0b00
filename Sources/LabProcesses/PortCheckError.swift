import Glibc

/// Why a port cannot be used.
package enum PortCheckError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Something already listens there.
    case inUse(host: String, port: Int, option: String?)
    /// The host is not a numeric address or "localhost".
    case invalidHost(String)
    /// The port is outside 1-65535.
    case invalidPort(Int)
    /// Binding failed for another reason (privileged port, address not on this machine...).
    case failed(host: String, port: Int, errno: Int32)

    /// What is wrong and what to do.
    package var description: String {
        switch self {
        case .inUse(let host, let port, let option):
            return "port \(port) on \(host) is in use: stop what uses it or "
                + (option.map { "pass \($0)" } ?? "choose another port")
        case .invalidHost(let host):
            return "'\(host)' is not a numeric IP address or localhost"
        case .invalidPort(let port):
            return "port \(port) is not between 1 and 65535"
        case .failed(let host, let port, let code):
            return "cannot bind port \(port) on \(host): \(String(cString: strerror(code)))"
        }
    }
}
