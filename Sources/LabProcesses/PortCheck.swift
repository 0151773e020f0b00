import LabCore
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
        let address: SocketAddress
        do {
            address = try SocketAddress.resolve(
                host: host == "localhost" ? "127.0.0.1" : host, port: port, numericOnly: true)
        } catch {
            throw .invalidHost(host)
        }
        let descriptor = socket(
            address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .failed(host: host, port: port, errno: errno) }
        defer { close(descriptor) }
        var on: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        guard address.withSockaddr({ Glibc.bind(descriptor, $0, $1) }) == 0 else {
            let code = errno
            if code == EADDRINUSE { throw .inUse(host: host, port: port, option: option) }
            throw .failed(host: host, port: port, errno: code)
        }
        do {
            return try SocketAddress.local(of: descriptor).port
        } catch {
            throw .failed(host: host, port: port, errno: error.code)
        }
    }
}
