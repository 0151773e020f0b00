@testable import LabBackend
@testable import LabVerdict
import Testing
@testable import LabRecords

@Suite struct BackendStatsAddingTests {
    private func stats(active: Int, started: Int, since: Double?, late: Int?) -> BackendStats {
        var stats = BackendStats(
            active: active, started: started, completed: 0, clientClosed: started - active, rejected: 1,
            time: 5,
            uptimeSeconds: 5, oldestActiveStartedAt: 2, lastEndedAt: 4, streamedChunks: 3, streamedBytes: 30)
        (stats.since, stats.startedSince) = (since, late)
        return stats
    }

    @Test func twoBackendsCountAsOneWithTheirCountsAdded() {
        let sum = stats(active: 10, started: 10, since: 1, late: 0).adding(
            stats(active: 3, started: 4, since: 1, late: 4))
        #expect(sum.active == 13)
        #expect(sum.started == 14)
        #expect(sum.rejected == 2)
        #expect(sum.streamedChunks == 6)
        #expect(sum.startedSince == 4)
        #expect(sum.isConsistent)
    }

    @Test func countsSinceDifferentMomentsDoNotAdd() {
        let sum = stats(active: 1, started: 1, since: 1, late: 1).adding(
            stats(active: 1, started: 1, since: 2, late: 1))
        #expect(sum.startedSince == nil)
        #expect(sum.since == nil)
    }
}
