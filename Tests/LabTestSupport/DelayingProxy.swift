import LabCore
import LabWire

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback proxy slow to forward, as a busy LiteLLM worker is: it reads each request whole, waits `delay`
/// before it sends it upstream, then relays both ways until either side closes, and closes the other then.
/// A client that hangs up during the delay is never forwarded. With `delay` nil it never forwards at all.
package final class DelayingProxy: Sendable {
    private let proxy: LoopbackProxy

    /// Listens on a free loopback port, forwarding to `backend` `delay` after each request is read.
    package init(backend: HTTPURL, delay: Duration?) throws {
        proxy = try LoopbackProxy(backend: backend) { proxy, client in
            Self.relay(client, through: proxy, after: delay)
        }
    }

    /// The loopback port it listens on.
    package var port: Int { proxy.port }

    /// Where a client posts chat through it.
    package var chatURL: HTTPURL { HTTPURL(host: "127.0.0.1", port: port, path: "/v1/chat/completions") }

    /// Stops accepting and closes every connection it holds.
    package func stop() { proxy.stop() }

    private static func relay(_ client: Int32, through proxy: LoopbackProxy, after delay: Duration?) {
        guard let request = proxy.readRequest(from: client) else { return }
        // The delay, cut short by the client hanging up (readable: its FIN) or by `stop()`.
        let forwardAt = delay.map { LabClock.monotonicNanoseconds() + $0.nanoseconds }
        while true {
            guard !proxy.isStopped else { return }
            let now = LabClock.monotonicNanoseconds()
            if let forwardAt, now >= forwardAt { break }
            let left = forwardAt.map { Int32(min(50, ($0 - now) / 1_000_000 + 1)) } ?? 50
            if proxy.wait(for: POLLIN, on: client, milliseconds: left) { return }
        }
        guard let server = proxy.sendUpstream(request) else { return }
        defer { proxy.release(server) }
        pump(client, server, through: proxy)
    }

    /// Copies bytes both ways until either side ends.
    private static func pump(_ client: Int32, _ server: Int32, through proxy: LoopbackProxy) {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while !proxy.isStopped {
            var entries = [
                pollfd(fd: client, events: Int16(POLLIN), revents: 0),
                pollfd(fd: server, events: Int16(POLLIN), revents: 0),
            ]
            guard poll(&entries, 2, 50) > 0 else { continue }
            for (index, entry) in entries.enumerated() where entry.revents != 0 {
                let from = index == 0 ? client : server
                let count = recv(from, &buffer, buffer.count, 0)
                guard count > 0, proxy.write(Array(buffer.prefix(count)), to: index == 0 ? server : client)
                else { return }
            }
        }
    }
}
