import Testing

@testable import LeakLab

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
        #expect(!isOpen(ends[0]))
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
}
