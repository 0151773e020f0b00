@testable import LabCore
@testable import LabEventLoop
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A loop that goes away takes what it holds with it: its connections end where their peers can see it, and
/// its handlers and timers are released unfired.
@Suite struct EventLoopTeardownTests {
    @Test func aPeerSeesItsConnectionEndOnceTheLoopHoldingItIsGone() throws {
        let connection = try LoopbackConnection()
        weak var releasedHandler: ClosureHandler?
        do {
            let loop = try EventLoop()
            let handler = ClosureHandler { _ in }
            releasedHandler = handler
            try loop.register(connection.accepted, for: [.readable, .peerHangUp], handler: handler)
        }
        #expect(connection.peerSeesTheEnd())
        #expect(releasedHandler == nil)
    }

    @Test func aDescriptorReleasedButNotYetClosedIsClosedOnceTheLoopIsGone() throws {
        let connection = try LoopbackConnection()
        do {
            let loop = try EventLoop()
            try loop.register(connection.accepted, for: .readable, handler: ClosureHandler { _ in })
            // Closed only once the loop has time, and this loop never runs.
            loop.closeAfterBatch(connection.accepted)
        }
        #expect(connection.peerSeesTheEnd())
    }

    @Test func timersStillScheduledGoWithTheLoopUnfired() throws {
        final class Token {}
        let fired = Recorder<Bool>()
        weak var captured: Token?
        do {
            let loop = try EventLoop()
            let token = Token()
            captured = token
            // Already due: only a turn of the loop, which never comes, could fire it.
            loop.schedule(at: 0) { [token] in
                _ = token
                fired.record(true)
            }
        }
        #expect(captured == nil)
        #expect(fired.values.isEmpty)
    }
}

/// A TCP connection on loopback: the server's end, accepted, for a loop to hold, and the
/// client's end, the peer, closed when this goes away.
private final class LoopbackConnection {
    /// The server's end; whoever registers it with a loop hands it over.
    let accepted: Int32
    private let peer: Int32

    init() throws {
        let listener = try Socket.listen(host: "127.0.0.1", port: 0)
        defer { close(listener) }
        let address = try SocketAddress.resolve(
            host: "127.0.0.1", port: SocketAddress.local(of: listener).port)
        peer = try Socket.startConnect(to: address)
        var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, 10_000) == 1 else {
            close(peer)
            throw SystemError("poll", code: ETIMEDOUT)
        }
        accepted = accept(listener, nil, nil)
        guard accepted >= 0 else {
            close(peer)
            throw SystemError("accept4")
        }
    }

    deinit { close(peer) }

    /// Whether the peer sees the connection end (an end of stream or a reset), waiting up to 10 s for it.
    func peerSeesTheEnd() -> Bool {
        var entry = pollfd(fd: peer, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, 10_000) == 1 else { return false }
        var byte: UInt8 = 0
        let count = recv(peer, &byte, 1, Int32(MSG_DONTWAIT))
        return count == 0 || (count == -1 && errno == ECONNRESET)
    }
}
