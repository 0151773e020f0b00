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
        _ = try bound(host: host, port: port, option: option)
    }

    /// A port on `host` that nothing was bound to a moment ago, chosen by the kernel (from its ephemeral
    /// range); for a server that binds its own socket, and must be told its port: another program may still
    /// take it first (see `ProxyPorts`).
    package static func vacantPort(host: String = "127.0.0.1") throws(PortCheckError) -> Int {
        try bound(host: host, port: 0, option: nil)
    }

    /// Binds `port` on `host` (0 for any), then closes it again; returns the port that was bound.
    private static func bound(host: String, port: Int, option: String?) throws(PortCheckError) -> Int {
        let address = host == "localhost" ? "127.0.0.1" : host
        var ipv4 = sockaddr_in()
        if inet_pton(AF_INET, address, &ipv4.sin_addr) == 1 {
            ipv4.sin_family = sa_family_t(AF_INET)
            ipv4.sin_port = in_port_t(port).bigEndian
            try bind(&ipv4, family: AF_INET, host: host, port: port, option: option)
            return Int(UInt16(bigEndian: ipv4.sin_port))
        }
        var ipv6 = sockaddr_in6()
        if inet_pton(AF_INET6, address, &ipv6.sin6_addr) == 1 {
            ipv6.sin6_family = sa_family_t(AF_INET6)
            ipv6.sin6_port = in_port_t(port).bigEndian
            try bind(&ipv6, family: AF_INET6, host: host, port: port, option: option)
            return Int(UInt16(bigEndian: ipv6.sin6_port))
        }
        throw .invalidHost(host)
    }

    /// Binds `address`, then reads back the address bound into it (the port the kernel chose for port 0).
    private static func bind<Address>(
        _ address: inout Address, family: Int32, host: String, port: Int, option: String?
    ) throws(PortCheckError) {
        let descriptor = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .failed(host: host, port: port, errno: errno) }
        defer { close(descriptor) }
        var on: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                var length = socklen_t(MemoryLayout<Address>.size)
                return Glibc.bind(descriptor, pointer, length) == 0
                    ? getsockname(descriptor, pointer, &length) : -1
            }
        }
        guard bound == 0 else {
            let code = errno
            if code == EADDRINUSE { throw .inUse(host: host, port: port, option: option) }
            throw .failed(host: host, port: port, errno: code)
        }
    }
}
