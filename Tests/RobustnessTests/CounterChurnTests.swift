import Foundation
@testable import LabCore
import LabTestSupport
import Testing

extension Robustness {
    /// The counters stay exact through a storm of clients that connect, send and hang up.
    @Suite struct CounterChurnTests {
        /// 100,000 complete requests hung up, plus about 25,000 connections that hang up before theirs is complete.
        static let completeRequests = 100_000

        @Test(.timeLimit(.minutes(2)))
        func hundredThousandHangUpsFrom200ConcurrentClientsLeaveExactTotalsAndZeroActive() throws {
            let backend = try TestBackend()
            let progress = ChurnProgress()
            let driver = try ChurnDriver(
                port: backend.port, target: Self.completeRequests, concurrency: 200, seed: 0xC0FFEE,
                progress: progress)
            let sampler = StatsSampler(base: backend.base, interval: .milliseconds(20), progress: progress)
            let started = LabClock.monotonicNanoseconds()
            try driver.run()
            let seconds = Double(LabClock.monotonicNanoseconds() - started) / 1e9
            let report = sampler.stop()

            let tally = driver.tally
            #expect(tally.failures.isEmpty, "\(tally.failures)")
            #expect(tally.completeHungUp == Self.completeRequests)
            #expect(progress.sent.load(ordering: .sequentiallyConsistent) == Self.completeRequests)
            let expected = Counts(started: Self.completeRequests, clientClosed: Self.completeRequests)
            #expect(try backend.settle(at: expected) == expected)
            #expect(report.violations.isEmpty, "\(report.violations)")
            #expect(report.samples > 10, "sampled \(report.samples) times, \(report.fetchErrors) errors")
            // The slow hang-ups really did hang up held requests, not only requests still in flight.
            #expect(report.maxActive > 0)
            print(
                "churn: \(tally.completeHungUp) complete + \(tally.incompleteHungUp) incomplete + "
                    + "\(tally.closedWhileConnecting) closed while connecting in \(String(format: "%.1f", seconds)) s, "
                    + "\(report.samples) samples (\(report.fetchErrors) fetch errors), max active \(report.maxActive)"
            )
        }
    }
}
