@testable import LabVerdict
import Testing

/// Every verdict says which client its load used: one that left at a wall-clock timeout, or one that left a
/// fixed time after its own request reached the backend (and how many never did).
@Suite struct ClientInReasonTests {
    @Test func aWallClockLoadsVerdictSaysTheClientsGaveUpAtTheirTimeout() throws {
        let report = try ScheduledCollection().report(ScriptedStats.tenRequests(releasedAt: nil))
        #expect(report.verdict == .leak)
        #expect(report.reason.hasSuffix(" (clients gave up at their 1.00 s timeout)"), "\(report.reason)")
    }

    @Test func anArrivalLoadsVerdictSaysTheClientsLeftAfterTheirRequestReachedTheBackend() throws {
        var collection = ScheduledCollection()
        collection.leftBeforeArrival = 0
        let report = try collection.report(ScriptedStats.tenRequests(releasedAt: nil))
        #expect(report.verdict == .leak)
        #expect(
            report.reason.hasSuffix(" (clients left 1.00 s after their request reached the backend)"),
            "\(report.reason)")
    }

    @Test func anArrivalLoadWhoseRequestsNeverArrivedIsInconclusiveAndSaysSo() throws {
        var collection = ScheduledCollection()
        collection.leftBeforeArrival = 10
        let report = try collection.report { _ in ScriptedStats.stats(held: 0, seen: 0) }
        #expect(report.verdict == .inconclusive)
        #expect(
            report.reason.hasPrefix("none of the 10 abandoned requests reached the backend"),
            "\(report.reason)")
        #expect(report.reason.contains("10 never reached it within their 30.00 s limit and left then"))
    }
}
