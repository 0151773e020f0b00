#if canImport(Glibc)
    import Glibc
#endif

/// An IPv4 or IPv6 socket address, resolved once with `getaddrinfo`: the one place the lab turns a host and
/// port into a `sockaddr` (servers, clients and port checks alike).
package struct SocketAddress: Sendable, CustomStringConvertible {
    let storage: sockaddr_storage
    let length: socklen_t

    /// The address family, `AF_INET` or `AF_INET6`.
    package var family: Int32 { Int32(storage.ss_family) }

    /// Resolves `host` (a name or a literal; `[::1]` brackets allowed) and `port` to the first TCP address;
    /// with `numericOnly`, only a literal address is accepted (nothing is looked up).
    package static func resolve(host: String, port: Int, numericOnly: Bool = false) throws(AddressError)
        -> SocketAddress
    {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        hints.ai_flags = numericOnly ? AI_NUMERICHOST : 0
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(bare, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw AddressError(host: host, port: port, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) { target in
            target.copyMemory(
                from: UnsafeRawBufferPointer(
                    start: first.pointee.ai_addr, count: Int(first.pointee.ai_addrlen)))
        }
        return SocketAddress(storage: storage, length: first.pointee.ai_addrlen)
    }

    /// Reads the address a socket is bound to (to learn an ephemeral port).
    package static func local(of descriptor: Int32) throws(SystemError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try withUnsafeMutablePointer(to: &storage) { (pointer) throws(SystemError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { (address) throws(SystemError) in
                try systemCall("getsockname") { getsockname(descriptor, address, &length) }
            }
        }
        return SocketAddress(storage: storage, length: length)
    }

    /// The port number in host byte order.
    package var port: Int {
        // sin_port and sin6_port share offset 2.
        withUnsafeBytes(of: storage) { Int(UInt16(bigEndian: $0.load(fromByteOffset: 2, as: UInt16.self))) }
    }

    package var description: String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        withUnsafeBytes(of: storage) { raw in
            let offset = family == AF_INET6 ? 8 : 4
            _ = inet_ntop(family, raw.baseAddress! + offset, &text, socklen_t(text.count))
        }
        let host = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return family == AF_INET6 ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Calls `body` with the address as the socket calls take it.
    package func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        withUnsafeBytes(of: storage) { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), length)
        }
    }
}

/// A host name that did not resolve.
package struct AddressError: Error, CustomStringConvertible {
    /// The host as given.
    package let host: String
    /// The port as given.
    package let port: Int
    /// The resolver's message.
    package let reason: String

    package var description: String {
        "cannot resolve \(host):\(port): \(reason); check the host name or use an IP address"
    }
}
