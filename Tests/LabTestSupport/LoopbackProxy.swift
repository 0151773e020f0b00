import Foundation
import LabCore
import LabEventLoop
import LabWire
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The plumbing the test suite's loopback proxies share: a listener on a free port, a thread per client
/// connection running the proxy's own `relay`, and the socket steps a relay is made of. `stop()` ends them all:
/// it shuts down every connection a relay still uses and closes the upstream requests left open on purpose.
///
/// One thread per connection: a test fixture, not a server. Every wait polls at most 50 ms, so that a relay
/// notices `stop()` soon.
package final class LoopbackProxy: Sendable {
    /// What a proxy does with one client connection; the fixture closes the connection once it returns.
    package typealias Relay = @Sendable (_ proxy: LoopbackProxy, _ client: Int32) -> Void

    /// The loopback port it listens on.
    package let port: Int
    private let listener: Int32
    private let upstream: SocketAddress
    private let relay: Relay
    private let stopped = Atomic<Bool>(false)
    /// Connections a relay is using (shut down on `stop()`, closed by their relay) and upstream requests left
    /// open until `stop()` (closed then).
    private let descriptors = Mutex<(inUse: [Int32], leftOpen: [Int32])>(([], []))

    /// Listens on a free loopback port; each client connection gets a thread running `relay`.
    package init(backend: HTTPURL, relay: @escaping Relay) throws {
        listener = try Socket.listen(host: "127.0.0.1", port: 0)
        port = try SocketAddress.local(of: listener).port
        upstream = try SocketAddress.resolve(host: backend.host, port: backend.port)
        self.relay = relay
        Thread { [self] in acceptLoop() }.start()
    }

    deinit { stop() }

    /// Whether `stop()` was called.
    package var isStopped: Bool { stopped.load(ordering: .relaxed) }

    /// Stops accepting, shuts down every connection a relay uses and closes the upstream requests left open.
    package func stop() {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        let (inUse, leftOpen) = descriptors.withLock { descriptors in
            defer { descriptors = ([], []) }
            return descriptors
        }
        for descriptor in inUse { shutdown(descriptor, Int32(SHUT_RDWR)) }
        for descriptor in leftOpen { close(descriptor) }
    }

    /// The request's bytes as the client sent them, once complete; nil when the client left first.
    package func readRequest(from client: Int32) -> [UInt8]? {
        var parser = HTTPRequestParser()
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while !isStopped {
            guard wait(for: POLLIN, on: client, milliseconds: 50) else { continue }
            let count = recv(client, &buffer, buffer.count, 0)
            guard count > 0 else { return nil }
            bytes += buffer.prefix(count)
            parser.feed(buffer.prefix(count))
            switch parser.next() {
            case .request: return bytes
            case .failure: return nil
            case nil: continue
            }
        }
        return nil
    }

    /// A new connection to the backend with `request` sent on it, in use until `release(_:)` or
    /// `leaveOpenUntilStop(_:)`; nil when the backend could not be reached.
    package func sendUpstream(_ request: [UInt8]) -> Int32? {
        guard let descriptor = try? Socket.startConnect(to: upstream) else { return nil }
        guard wait(for: POLLOUT, on: descriptor, milliseconds: 10_000), Socket.pendingError(descriptor) == 0
        else {
            close(descriptor)
            return nil
        }
        use(descriptor)
        guard write(request, to: descriptor) else {
            release(descriptor)
            return nil
        }
        return descriptor
    }

    /// Writes all of `bytes`; false when the peer is gone.
    package func write(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var sent = 0
        while sent < bytes.count {
            guard wait(for: POLLOUT, on: descriptor, milliseconds: 10_000) else { return false }
            let count = bytes[sent...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { return false }
            sent += count
        }
        return true
    }

    /// Whether `descriptor` became ready for `events` within `milliseconds`.
    package func wait(for events: Int32, on descriptor: Int32, milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(events), revents: 0)
        return poll(&entry, 1, milliseconds) > 0
    }

    /// Closes a connection a relay used.
    package func release(_ descriptor: Int32) {
        descriptors.withLock { $0.inUse.removeAll { $0 == descriptor } }
        close(descriptor)
    }

    /// Keeps an upstream request open, for a client that is gone, until `stop()`.
    package func leaveOpenUntilStop(_ descriptor: Int32) {
        let kept = descriptors.withLock { descriptors in
            descriptors.inUse.removeAll { $0 == descriptor }
            guard !isStopped else { return false }
            descriptors.leftOpen.append(descriptor)
            return true
        }
        if !kept { close(descriptor) }
    }

    private func use(_ descriptor: Int32) {
        descriptors.withLock { $0.inUse.append(descriptor) }
        if isStopped { shutdown(descriptor, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while !isStopped {
            guard wait(for: POLLIN, on: listener, milliseconds: 50) else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            // Not inherited by a child another test spawns meanwhile.
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            Thread { [self] in
                use(client)
                relay(self, client)
                release(client)
            }.start()
        }
        close(listener)
    }
}
