import Foundation
import LabTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension Robustness {
    /// The real `fake-backend` executable started with a tiny open-file limit (this process's limit is
    /// shared by every test, so it cannot be the one lowered).
    @Suite struct OpenFileLimitTests {
        /// Connections over the limit wait in the listen backlog and are counted once descriptors free up.
        @Test func atTheOpenFileLimitCountsStayExactAndWaitingConnectionsAreServedWhenDescriptorsFree() throws
        {
            let backend = try ChildBackend(openFiles: 32)
            defer { backend.stop() }
            let clients = try (0..<40).map { _ in try LoopbackClient(port: backend.port) }
            for client in clients { client.send(chatRequest) }
            #expect(pollUntil { backend.openFiles() == 32 }, "the backend reaches its open-file limit")
            // The stats connection itself needs a descriptor: while none is free, /stats cannot answer
            // (the lab's collector then reports the stats unreachable, never a verdict).
            #expect(backend.stats(timeout: .milliseconds(500)) == nil)

            for client in clients.prefix(20) { client.close() }
            let caughtUp = backend.stats { $0 == Counts(active: 20, started: 40, clientClosed: 20) }
            #expect(caughtUp == Counts(active: 20, started: 40, clientClosed: 20))
            for client in clients { client.close() }
            let end = backend.stats { $0 == Counts(started: 40, clientClosed: 40) }
            #expect(end == Counts(started: 40, clientClosed: 40))
        }

        /// Level-triggered readiness on the listener fires again at once while accept fails with EMFILE.
        @Test func atTheOpenFileLimitTheBackendWaitsForADescriptorInsteadOfSpinning() throws {
            let backend = try ChildBackend(openFiles: 32)
            defer { backend.stop() }
            let clients = try (0..<40).map { _ in try LoopbackClient(port: backend.port) }
            for client in clients { client.send(chatRequest) }
            #expect(pollUntil { backend.openFiles() == 32 }, "the backend reaches its open-file limit")
            let before = backend.cpuTicks()
            pause(.seconds(1))  // The window the CPU time is measured over: the wait is what is tested.
            let ticks = backend.cpuTicks() - before
            // An idle event loop uses ~0 of its 100 ticks per second; a spinning one takes a whole core.
            #expect(ticks < 20, "the backend used \(ticks) % of a core while waiting for a descriptor")
            for client in clients { client.close() }
            let end = backend.stats { $0 == Counts(started: 40, clientClosed: 40) }
            #expect(end == Counts(started: 40, clientClosed: 40))
        }
    }
}
