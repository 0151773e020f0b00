import Glibc

/// Checks, before anything starts, that a TCP port is free, so a busy port fails with a clear
/// message instead of a child's traceback.
package enum PortCheck {
    /// Throws unless `port` on `host` can be bound.
    ///
    /// Binds with `SO_REUSEADDR`, as servers do, so connections still closing (`TIME_WAIT`) from
    /// an earlier run do not count as a use; a listener does.
    ///
    /// - Parameters:
    ///   - host: A numeric IPv4 or IPv6 address, or "localhost"; "127.0.0.1" by default.
    ///   - port: The TCP port.
    ///   - option: The command-line option that picks another port, named in the message.
    /// - Throws: ``PortCheckError`` naming the port and what to do.
    package static func ensureFree(host: String = "127.0.0.1", port: Int, option: String? = nil)
        throws(PortCheckError)
    {
        guard (1...65535).contains(port) else { throw .invalidPort(port) }
        let address = host == "localhost" ? "127.0.0.1" : host
        var ipv4 = sockaddr_in()
        if inet_pton(AF_INET, address, &ipv4.sin_addr) == 1 {
            ipv4.sin_family = sa_family_t(AF_INET)
            ipv4.sin_port = in_port_t(port).bigEndian
            return try bind(&ipv4, family: AF_INET, host: host, port: port, option: option)
        }
        var ipv6 = sockaddr_in6()
        if inet_pton(AF_INET6, address, &ipv6.sin6_addr) == 1 {
            ipv6.sin6_family = sa_family_t(AF_INET6)
            ipv6.sin6_port = in_port_t(port).bigEndian
            return try bind(&ipv6, family: AF_INET6, host: host, port: port, option: option)
        }
        throw .invalidHost(host)
    }

    private static func bind<Address>(
        _ address: inout Address, family: Int32, host: String, port: Int, option: String?
    ) throws(PortCheckError) {
        let descriptor = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .failed(host: host, port: port, errno: errno) }
        defer { close(descriptor) }
        var on: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(descriptor, $0, socklen_t(MemoryLayout<Address>.size))
            }
        }
        guard bound == 0 else {
            let code = errno
            if code == EADDRINUSE { throw .inUse(host: host, port: port, option: option) }
            throw .failed(host: host, port: port, errno: code)
        }
    }
}
