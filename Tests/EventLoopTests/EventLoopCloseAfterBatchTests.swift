@testable import LabEventLoop
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct EventLoopCloseAfterBatchTests {
    /// Whether `descriptor` is still open in this process.
    private func isOpen(_ descriptor: Int32) -> Bool { fcntl(descriptor, F_GETFD) != -1 }

    @Test func closesAReleasedDescriptorOnceTheBatchIsHandledAndDeliversNothingMoreForIt() throws {
        let loop = try EventLoop()
        var ends: [Int32] = [-1, -1]
        #expect(
            socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0, &ends) == 0)
        defer { close(ends[1]) }
        let calls = Recorder<Bool>()
        try loop.register(
            ends[0], for: .readable,
            handler: ClosureHandler { _ in
                calls.record(isOpen(ends[0]))
                loop.closeAfterBatch(ends[0])
            })
        _ = "x".withCString { send(ends[1], $0, 1, 0) }
        loop.schedule(after: .milliseconds(50)) { loop.stop() }
        #expect(try loop.runWithWatchdog())
        #expect(calls.values == [true], "handled once, still open while its batch was handled")
        // Seen from the peer, as tests running alongside may reuse the number: closed with the byte unread,
        // the socket reads as reset.
        var byte: UInt8 = 0
        let result = recv(ends[1], &byte, 1, Int32(MSG_DONTWAIT))
        #expect(result == -1 && errno == ECONNRESET)
        #expect(loop.registeredCount == 0)
    }

    @Test func closesWhatATimerReleasesBeforeTheLoopWaitsAgain() throws {
        let loop = try EventLoop()
        var ends: [Int32] = [-1, -1]
        #expect(
            socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0, &ends) == 0)
        defer { close(ends[1]) }
        try loop.register(ends[0], for: .readable, handler: ClosureHandler { _ in })
        let observed = Recorder<Bool>()
        loop.schedule(after: .milliseconds(10)) { loop.closeAfterBatch(ends[0]) }
        // The peer must see the close while the loop idles: a closed socket reads as end of stream.
        loop.schedule(after: .milliseconds(60)) {
            var byte: UInt8 = 0
            observed.record(recv(ends[1], &byte, 1, Int32(MSG_DONTWAIT)) == 0)
            loop.stop()
        }
        #expect(try loop.runWithWatchdog())
        #expect(observed.values == [true])
    }

    @Test func everyReleasedDescriptorIsClosedByTheTimeRunReturns() throws {
        let loop = try EventLoop()
        var pairs: [(released: Int32, peer: Int32)] = []
        defer { for pair in pairs { close(pair.peer) } }
        for _ in 0..<200 {
            var ends: [Int32] = [-1, -1]
            #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0)
            try loop.register(ends[0], for: .readable, handler: ClosureHandler { _ in })
            pairs.append((ends[0], ends[1]))
        }
        loop.schedule(after: .milliseconds(10)) {
            for pair in pairs { loop.closeAfterBatch(pair.released) }
            loop.stop()
        }
        #expect(try loop.runWithWatchdog())
        // Seen from each peer, which no other test can reuse: a closed socket reads as end of stream.
        var byte: UInt8 = 0
        #expect(pairs.allSatisfy { recv($0.peer, &byte, 1, Int32(MSG_DONTWAIT)) == 0 })
        #expect(loop.registeredCount == 0)
    }

    @Test func aDescriptorReleasedWhileTheLoopNeverIdlesIsStillClosedSoon() throws {
        let loop = try EventLoop()
        var busy: [Int32] = [-1, -1]
        var released: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &busy) == 0)
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &released) == 0)
        defer { [busy[0], busy[1], released[1]].forEach { close($0) } }
        // Never read: level-triggered readiness makes every poll find an event, so the loop is never idle.
        _ = "x".withCString { send(busy[1], $0, 1, 0) }
        try loop.register(busy[0], for: .readable, handler: ClosureHandler { _ in })
        try loop.register(released[0], for: .readable, handler: ClosureHandler { _ in })
        loop.schedule(after: .milliseconds(10)) { loop.closeAfterBatch(released[0]) }
        let observed = Recorder<Bool>()
        loop.schedule(after: .milliseconds(500)) {
            var byte: UInt8 = 0
            observed.record(recv(released[1], &byte, 1, Int32(MSG_DONTWAIT)) == 0)
            loop.stop()
        }
        #expect(try loop.runWithWatchdog())
        loop.deregister(busy[0])
        #expect(observed.values == [true])
    }
}
