@testable import LabCore
@testable import LabEventLoop
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct EventLoopReadinessTests {
    @Test func callsTheHandlerWhenTheWatchedSocketBecomesReadable() throws {
        let loop = try EventLoop()
        let pair = try SocketPair()
        let received = Recorder<String>()
        try loop.register(
            pair.watched, for: .readable,
            handler: ClosureHandler { [unowned loop] events in
                #expect(events.contains(.readable))
                received.record(pair.readWatched())
                loop.stop()
            })
        // Written once the loop is already waiting, so the wake-up comes from epoll, not from a ready start.
        loop.schedule(after: .milliseconds(20)) { pair.sendFromPeer("ping") }
        #expect(try loop.runWithWatchdog())
        loop.deregister(pair.watched)
        #expect(received.values == ["ping"])
    }

    @Test func reportsAPeerHangUpWhileNothingIsRead() throws {
        let loop = try EventLoop()
        let pair = try SocketPair()
        let seen = Recorder<IOEvents>()
        try loop.register(
            pair.watched, for: .peerHangUp,
            handler: ClosureHandler { [unowned loop] events in
                seen.record(events)
                loop.deregister(pair.watched)
                loop.stop()
            })
        loop.schedule(after: .milliseconds(20)) { pair.closePeer() }
        #expect(try loop.runWithWatchdog())
        #expect(seen.values.count == 1)
        #expect(!(seen.values.first ?? []).isDisjoint(with: .peerHangUp))
    }

    @Test func deregisteredDescriptorGetsNoMoreCallbacks() throws {
        let loop = try EventLoop()
        let pair = try SocketPair()
        let calls = Recorder<IOEvents>()
        try loop.register(
            pair.watched, for: .readable,
            handler: ClosureHandler { [unowned loop] events in
                calls.record(events)
                // Still readable (nothing was read): only the deregistration keeps it quiet from now on.
                loop.deregister(pair.watched)
            })
        #expect(loop.registeredCount == 1)
        pair.sendFromPeer("data")
        loop.schedule(after: .milliseconds(100)) { [unowned loop] in loop.stop() }
        #expect(try loop.runWithWatchdog())
        #expect(calls.values.count == 1)
        #expect(loop.registeredCount == 0)
    }

    @Test func deregisteringBeforeRunMeansTheHandlerIsNeverCalled() throws {
        let loop = try EventLoop()
        let pair = try SocketPair()
        let calls = Recorder<IOEvents>()
        try loop.register(pair.watched, for: .readable, handler: ClosureHandler { calls.record($0) })
        pair.sendFromPeer("data")
        loop.deregister(pair.watched)
        loop.deregister(pair.watched)
        loop.schedule(after: .milliseconds(50)) { [unowned loop] in loop.stop() }
        #expect(try loop.runWithWatchdog())
        #expect(calls.values.isEmpty)
    }

    @Test func modifyChangesWhatTheHandlerIsCalledFor() throws {
        let loop = try EventLoop()
        let pair = try SocketPair()
        let seen = Recorder<IOEvents>()
        // Nothing will ever be readable; the change to writable must be what wakes the handler.
        try loop.register(
            pair.watched, for: .readable,
            handler: ClosureHandler { [unowned loop] events in
                seen.record(events)
                loop.deregister(pair.watched)
                loop.stop()
            })
        loop.schedule(after: .milliseconds(20)) { [unowned loop] in
            try? loop.modify(pair.watched, interest: .writable)
        }
        #expect(try loop.runWithWatchdog())
        #expect(seen.values.count == 1)
        #expect(seen.values.first?.contains(.writable) == true)
    }

    @Test func releasesTheHandlerOnDeregister() throws {
        let loop = try EventLoop()
        let pair = try SocketPair()
        weak var released: ClosureHandler?
        do {
            let handler = ClosureHandler { _ in }
            released = handler
            try loop.register(pair.watched, for: .readable, handler: handler)
        }
        #expect(released != nil)
        loop.deregister(pair.watched)
        #expect(released == nil)
    }

    /// Two sockets are ready in the same batch. Whichever handler runs first closes the other socket
    /// and puts a fresh, idle socket at the same descriptor number: the old socket's event, still in
    /// the batch, must not reach the fresh socket's handler.
    @Test func aReusedDescriptorNumberGetsNoStaleEventFromTheSameBatch() throws {
        let loop = try EventLoop()
        let first = try SocketPair()
        let second = try SocketPair()
        let replacementEvents = Recorder<IOEvents>()
        let originalCalls = Recorder<Int32>()
        var replacement: SocketPair?

        func replace(_ victim: Int32) throws {
            loop.deregister(victim)
            let fresh = try SocketPair()
            // dup2 closes the victim and reuses its number for the fresh, idle socket in one step.
            guard dup2(fresh.watched, victim) == victim else { throw SystemError("dup2") }
            replacement = fresh
            try loop.register(
                victim, for: .readable, handler: ClosureHandler { replacementEvents.record($0) })
        }
        for (own, other) in [(first.watched, second.watched), (second.watched, first.watched)] {
            try loop.register(
                own, for: .readable,
                handler: ClosureHandler { [unowned loop] _ in
                    originalCalls.record(own)
                    loop.deregister(own)
                    if originalCalls.values.count == 1 { try? replace(other) }
                })
        }
        first.sendFromPeer("a")
        second.sendFromPeer("b")
        loop.schedule(after: .milliseconds(100)) { [unowned loop] in loop.stop() }
        #expect(try loop.runWithWatchdog())

        #expect(originalCalls.values.count == 1)
        #expect(replacement != nil)
        #expect(replacementEvents.values.isEmpty)
        for descriptor in [first.watched, second.watched] { loop.deregister(descriptor) }
    }
}
