import Foundation
import LabCore
import LabEventLoop
import LabWire
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback proxy slow to forward, as a busy LiteLLM worker is: it reads each request whole, waits `delay`
/// before it sends it upstream, then relays both ways until either side closes, and closes the other then.
/// A client that hangs up during the delay is never forwarded. With `delay` nil it never forwards at all.
///
/// One thread per connection: a test fixture, not a server.
package final class DelayingProxy: Sendable {
    /// The loopback port it listens on.
    package let port: Int
    private let listener: Int32
    private let upstream: SocketAddress
    private let delay: Duration?
    private let stopped = Atomic<Bool>(false)
    private let open = Mutex<[Int32]>([])

    /// Listens on a free loopback port, forwarding to `backend` `delay` after each request is read.
    package init(backend: HTTPURL, delay: Duration?) throws {
        listener = try Socket.listen(host: "127.0.0.1", port: 0)
        port = try SocketAddress.local(of: listener).port
        upstream = try SocketAddress.resolve(host: backend.host, port: backend.port)
        self.delay = delay
        Thread { [self] in acceptLoop() }.start()
    }

    deinit { stop() }

    /// Where a client posts chat through it.
    package var chatURL: HTTPURL { HTTPURL(host: "127.0.0.1", port: port, path: "/v1/chat/completions") }

    /// Stops accepting and closes every connection it holds.
    package func stop() {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        let descriptors = open.withLock { descriptors in
            defer { descriptors = [] }
            return descriptors
        }
        for descriptor in descriptors { shutdown(descriptor, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while !stopped.load(ordering: .relaxed) {
            guard wait(for: POLLIN, on: listener, milliseconds: 50) else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            // Not inherited by a child another test spawns meanwhile.
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            Thread { [self] in relay(client) }.start()
        }
        close(listener)
    }

    private func relay(_ client: Int32) {
        track(client)
        defer { untrack(client) }
        guard let request = readRequest(from: client) else { return }
        // The delay, cut short by the client hanging up (readable: its FIN) or by `stop()`.
        let forwardAt = delay.map { LabClock.monotonicNanoseconds() + $0.nanoseconds }
        while true {
            guard !stopped.load(ordering: .relaxed) else { return }
            let now = LabClock.monotonicNanoseconds()
            if let forwardAt, now >= forwardAt { break }
            let left = forwardAt.map { Int32(min(50, ($0 - now) / 1_000_000 + 1)) } ?? 50
            if wait(for: POLLIN, on: client, milliseconds: left) { return }
        }
        guard let server = connectUpstream() else { return }
        track(server)
        defer { untrack(server) }
        guard write(request, to: server) else { return }
        pump(client, server)
    }

    /// Copies bytes both ways until either side ends.
    private func pump(_ client: Int32, _ server: Int32) {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while !stopped.load(ordering: .relaxed) {
            var entries = [
                pollfd(fd: client, events: Int16(POLLIN), revents: 0),
                pollfd(fd: server, events: Int16(POLLIN), revents: 0),
            ]
            guard poll(&entries, 2, 50) > 0 else { continue }
            for (index, entry) in entries.enumerated() where entry.revents != 0 {
                let from = index == 0 ? client : server
                let count = recv(from, &buffer, buffer.count, 0)
                guard count > 0, write(Array(buffer.prefix(count)), to: index == 0 ? server : client) else {
                    return
                }
            }
        }
    }

    private func readRequest(from client: Int32) -> [UInt8]? {
        var parser = HTTPRequestParser()
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while !stopped.load(ordering: .relaxed) {
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

    private func connectUpstream() -> Int32? {
        guard let descriptor = try? Socket.startConnect(to: upstream) else { return nil }
        guard wait(for: POLLOUT, on: descriptor, milliseconds: 10_000), Socket.pendingError(descriptor) == 0
        else {
            close(descriptor)
            return nil
        }
        return descriptor
    }

    private func write(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
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

    private func wait(for events: Int32, on descriptor: Int32, milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(events), revents: 0)
        return poll(&entry, 1, milliseconds) > 0
    }

    private func track(_ descriptor: Int32) {
        open.withLock { $0.append(descriptor) }
        if stopped.load(ordering: .relaxed) { shutdown(descriptor, Int32(SHUT_RDWR)) }
    }

    private func untrack(_ descriptor: Int32) {
        open.withLock { $0.removeAll { $0 == descriptor } }
        close(descriptor)
    }
}
