@testable import LabBackend
@testable import LabLoad
@testable import LabVerdict
import Testing
@testable import LabRecords

@Suite struct LeakCostTests {
    private func record(_ id: Int, start: Double, end: Double?) -> RequestRecord {
        RequestRecord(
            id: id, method: "POST", path: "/v1/chat/completions", stream: false, startedAt: start,
            endedAt: end,
            outcome: end == nil ? .held : .clientClosed)
    }

    @Test func countsRetriesAsWorkForNobodyWithTheirOwnBackendSeconds() throws {
        var load = LoadSummary(target: "t", requests: 2, timeoutSeconds: 1, startedAt: 10)
        (load.sent, load.timedOut, load.lastHangUpAt) = (2, 2, 11)
        let stats = BackendStats(
            active: 1, started: 4, completed: 0, clientClosed: 3, rejected: 0, time: 20, uptimeSeconds: 20)
        // Two first attempts end at the model's timeout (13), two retries start at 13.4; one ends at 16.4.
        let records = [
            record(1, start: 10.1, end: 13), record(2, start: 10.1, end: 13),
            record(3, start: 13.4, end: 16.4),
            record(4, start: 13.4, end: nil),
        ]
        let cost = try #require(
            LeakCost.measure(
                baseline: StatsSample(at: 10, stats: stats), samples: [StatsSample(at: 20, stats: stats)],
                records: records, load: load, stillHeld: 1, at: 20))
        #expect(cost.upstreamRequests == 4)
        #expect(cost.amplification == 2)
        #expect(cost.startedAfterHangUp == 2)
        #expect(abs((cost.backendSecondsStartedAfterHangUp ?? 0) - (3 + 6.6)) < 1e-9)
        #expect(abs(cost.backendSeconds - (2 + 2 + 3 + 6.6)) < 1e-9)
        #expect(cost.lastEndedAfterHangUpSeconds == nil, "one request is still held")
        #expect(cost.oneLine.contains("4 upstream requests for 2 abandoned clients (2.0×)"))
        #expect(cost.oneLine.contains("2 started after the hang-up (9.6 backend-seconds)"))
    }
}
