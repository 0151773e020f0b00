import Foundation
import LabCore
import LabEventLoop
import LabWire
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback proxy that does what LiteLLM's router does after a timeout: when its client hangs up it
/// closes its upstream request (the held count goes back to the baseline), and then, after `reopenAfter`,
/// sends the same request upstream again for a client that is gone. With `reopenAfter` nil it only releases:
/// a proxy that behaves.
///
/// One thread per connection: a test fixture, not a server.
package final class ReopeningProxy: Sendable {
    /// The loopback port it listens on.
    package let port: Int
    private let listener: Int32
    private let upstream: SocketAddress
    private let reopenAfter: Duration?
    private let stopped = Atomic<Bool>(false)
    private let openUpstreams = Mutex<[Int32]>([])

    /// Listens on a free loopback port, forwarding to `backend`.
    package init(backend: HTTPURL, reopenAfter: Duration?) throws {
        listener = try Socket.listen(host: "127.0.0.1", port: 0)
        port = try SocketAddress.local(of: listener).port
        upstream = try SocketAddress.resolve(host: backend.host, port: backend.port)
        self.reopenAfter = reopenAfter
        Thread { [self] in acceptLoop() }.start()
    }

    /// Stops accepting and closes every upstream request it still holds open.
    package func stop() {
        stopped.store(true, ordering: .relaxed)
        let open = openUpstreams.withLock { descriptors in
            defer { descriptors = [] }
            return descriptors
        }
        for descriptor in open { close(descriptor) }
    }

    private func acceptLoop() {
        while !stopped.load(ordering: .relaxed) {
            guard waitReadable(listener) else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            Thread { [self] in relay(client) }.start()
        }
        close(listener)
    }

    private func relay(_ client: Int32) {
        defer { close(client) }
        guard let request = readRequest(from: client), let first = send(request) else { return }
        // Held upstream until the client leaves: any byte or the end of its stream means it is gone.
        while !stopped.load(ordering: .relaxed) {
            guard waitReadable(client) else { continue }
            var byte: UInt8 = 0
            if recv(client, &byte, 1, 0) <= 0 { break }
        }
        forget(first)
        close(first)
        guard let reopenAfter, !stopped.load(ordering: .relaxed) else { return }
        // The retry after its back-off, as a router schedules it.
        DispatchQueue.global().asyncAfter(deadline: .now() + reopenAfter.seconds) { [self] in
            if !stopped.load(ordering: .relaxed) { _ = send(request) }
        }
    }

    /// The request's bytes as the client sent them, once complete.
    private func readRequest(from client: Int32) -> [UInt8]? {
        var parser = HTTPRequestParser()
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while !stopped.load(ordering: .relaxed) {
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

    /// Opens an upstream connection and sends `request` on it; it stays open until `stop()`.
    private func send(_ request: [UInt8]) -> Int32? {
        guard let descriptor = try? Socket.startConnect(to: upstream) else { return nil }
        var entry = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        let connected = poll(&entry, 1, 10_000) > 0 && Socket.pendingError(descriptor) == 0
        let sent =
            connected
            && request.withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
                == request.count
        guard sent else {
            close(descriptor)
            return nil
        }
        openUpstreams.withLock { $0.append(descriptor) }
        if stopped.load(ordering: .relaxed) { stop() }
        return descriptor
    }

    private func forget(_ descriptor: Int32) {
        openUpstreams.withLock { $0.removeAll { $0 == descriptor } }
    }

    /// Whether `descriptor` became readable within 50 ms, so loops notice `stop()` soon.
    private func waitReadable(_ descriptor: Int32) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 50) > 0
    }
}
