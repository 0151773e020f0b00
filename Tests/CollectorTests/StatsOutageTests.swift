import Foundation
import LabTestSupport
@testable import LabBackend
@testable import LabVerdict
import Testing
@testable import LabRecords

/// The backend's stats unreachable for a while, on a manual clock: sampling goes on, the timeline says so, and
/// the verdict waits for stats to come back, or for its patience to run out.
@Suite struct StatsOutageTests {
    /// Ten requests released at 1.25 s, and no stats from 2 s until `outageEnd`.
    static func releasedThenUnreachable(until outageEnd: Double) -> @Sendable (Double) -> BackendStats? {
        let released = ScriptedStats.tenRequests(releasedAt: 1.25)
        return { elapsed in (2..<outageEnd).contains(elapsed) ? nil : released(elapsed) }
    }

    @Test func samplingGoesOnThroughAStatsOutageSaysSoAndDecidesOnceStatsComeBack() throws {
        var collection = ScheduledCollection()
        // The settle window ends at 3.25 s, inside the outage: only the first sample after it can close it.
        collection.rules = VerdictRules(settle: .seconds(2), statsPatience: .seconds(5))
        collection.transcript = TestFiles.path("leak-lab-outage-\(UUID().uuidString.prefix(8)).log")
        defer { try? FileManager.default.removeItem(atPath: collection.transcript) }
        let report = try collection.report(Self.releasedThenUnreachable(until: 5))

        #expect(report.verdict == .pass, "\(report.reason)")
        let unreachable = report.samples.filter { $0.error != nil }.map(\.at)
        #expect(unreachable == stride(from: 2, to: 5, by: 0.125).map { collection.at($0) })
        #expect(report.samples.last?.at == collection.at(5), "decided at the first sample after the outage")
        #expect(
            try String(contentsOfFile: collection.transcript, encoding: .utf8).contains(
                "t+2.00 s stats unreachable: GET"))
    }

    @Test func statsThatNeverComeBackAreInconclusiveOnceTheirPatiencePastTheSettleWindowRunsOut() throws {
        var collection = ScheduledCollection()
        collection.rules = VerdictRules(settle: .seconds(2), statsPatience: .seconds(5))
        let report = try collection.report(Self.releasedThenUnreachable(until: .infinity))

        #expect(report.verdict == .inconclusive)
        #expect(report.reason.hasPrefix("the backend's stats were unreachable after the settle window: GET"))
        #expect(report.samples.last?.at == collection.at(1.25 + 2 + 5))
    }
}
