import LabCore

#if canImport(Glibc)
    import Glibc
#endif

/// Thin helpers over POSIX TCP sockets; every socket they make is non-blocking and close-on-exec.
package enum Socket {
    /// Opens a listening TCP socket on `host:port` (port 0 picks a free one).
    ///
    /// A busy port throws `ListenError.addressInUse` naming it, so callers can say what to do.
    package static func listen(host: String, port: Int, backlog: Int32 = 4096) throws -> Int32 {
        let address = try SocketAddress.resolve(host: host, port: port)
        let descriptor = try systemCall("socket") {
            socket(
                address.family,
                Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        do {
            var enable: Int32 = 1
            try systemCall("setsockopt") {
                setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &enable, socklen_t(MemoryLayout<Int32>.size))
            }
            let bound = address.withSockaddr { bind(descriptor, $0, $1) }
            if bound == -1 {
                let code = errno
                throw code == EADDRINUSE
                    ? ListenError.addressInUse(host: host, port: port) : SystemError("bind", code: code)
            }
            try systemCall("listen") { Glibc.listen(descriptor, backlog) }
            return descriptor
        } catch {
            close(descriptor)
            throw error
        }
    }

    /// Starts a non-blocking connect to `address`; completion is signalled by writability.
    ///
    /// - Returns: the socket, whose connect may still be in progress.
    package static func startConnect(to address: SocketAddress) throws(SystemError) -> Int32 {
        let descriptor = try systemCall("socket") {
            socket(
                address.family,
                Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        let result = address.withSockaddr { connect(descriptor, $0, $1) }
        if result == -1 && errno != EINPROGRESS {
            let code = errno
            close(descriptor)
            throw SystemError("connect", code: code)
        }
        return descriptor
    }

    /// The pending error of a socket (`SO_ERROR`): how a non-blocking connect ended, 0 when it succeeded.
    package static func pendingError(_ descriptor: Int32) -> Int32 {
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &code, &length)
        return code
    }

    /// Whether a connect started with ``startConnect(to:)`` has completed: the socket has a peer.
    package static func isConnected(_ descriptor: Int32) -> Bool {
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        return withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(descriptor, $0, &length) == 0 }
        }
    }

    /// Sets `TCP_NODELAY`, so small requests and responses leave at once.
    package static func disableNagle(_ descriptor: Int32) {
        var enable: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &enable, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Outcome of one non-blocking read.
    package enum ReadResult: Equatable {
        /// This many bytes were read into the buffer.
        case bytes(Int)
        /// Nothing to read now.
        case wouldBlock
        /// The peer closed its side (FIN).
        case endOfStream
        /// The connection failed, e.g. `ECONNRESET`.
        case failed(Int32)
    }

    /// Reads once into `buffer` without blocking.
    package static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) -> ReadResult {
        while true {
            let count = recv(descriptor, buffer.baseAddress, buffer.count, 0)
            if count > 0 { return .bytes(count) }
            if count == 0 { return .endOfStream }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(errno)
            }
        }
    }

    /// Writes as much of `bytes` as the socket takes now, without raising `SIGPIPE`.
    ///
    /// - Returns: the number of bytes written (possibly 0), or the `errno` of a failed connection.
    package static func write(_ descriptor: Int32, _ bytes: ArraySlice<UInt8>) -> Result<Int, SystemError> {
        while true {
            let count = bytes.withUnsafeBytes {
                send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if count >= 0 { return .success(count) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .success(0)
            default: return .failure(SystemError("send"))
            }
        }
    }
}

/// Why a listening socket could not be opened.
package enum ListenError: Error, CustomStringConvertible {
    /// Something else already listens on the port.
    case addressInUse(host: String, port: Int)

    package var description: String {
        switch self {
        case .addressInUse(let host, let port):
            "port \(port) on \(host) is already in use: stop what is using it or choose another port"
        }
    }
}
