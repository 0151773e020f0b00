import LabTestSupport
import Testing

extension Robustness {
    /// Thousands of held requests on the backend's one thread, released together.
    @Suite struct ManyHeldRequestsTests {
        @Test(.timeLimit(.minutes(1)))
        func twoThousandHeldRequestsHangingUpAtOnceAreAllCountedClientClosed() throws {
            let requests = 2_000
            // Both ends of every connection live in this process, plus the sampler's and other tests' sockets.
            let limit = raiseOpenFileLimit(to: 2 * requests + 1_024)
            try #require(limit >= 2 * requests + 1_024, "RLIMIT_NOFILE is \(limit)")
            let backend = try TestBackend()
            let sampler = StatsSampler(base: backend.base, interval: .milliseconds(20))

            let clients = try (0..<requests).map { _ in try LoopbackClient(port: backend.port) }
            for client in clients { client.send(chatRequest) }
            let held = Counts(active: requests, started: requests)
            #expect(try backend.settle(at: held) == held)
            #expect(backend.answersHealth())

            // Half end with FIN, half with RST: both are a client going away.
            for (index, client) in clients.enumerated() {
                if index % 2 == 0 { client.close() } else { client.reset() }
            }
            let released = Counts(started: requests, clientClosed: requests)
            #expect(try backend.settle(at: released) == released)

            let report = sampler.stop()
            #expect(report.violations.isEmpty, "\(report.violations)")
            #expect(report.samples > 0)
        }
    }
}
