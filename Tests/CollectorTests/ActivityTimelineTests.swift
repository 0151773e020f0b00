@testable import LabBackend
@testable import LabVerdict
import Testing
@testable import LabRecords

@Suite struct ActivityTimelineTests {
    private let baseline = BackendStats(
        active: 0, started: 0, completed: 0, clientClosed: 0, rejected: 0,
        time: 0, uptimeSeconds: 0)

    private func sample(_ at: Double, held: Int) -> StatsSample {
        StatsSample(
            at: at,
            stats: BackendStats(
                active: held, started: held, completed: 0, clientClosed: 0,
                rejected: 0, time: at, uptimeSeconds: at))
    }

    @Test func printsOnlyChangesAndAHeartbeat() {
        var timeline = ActivityTimeline(origin: 0, heartbeatSeconds: 1)
        let lines = stride(from: 0.0, to: 3.0, by: 0.1).map { time in
            timeline.line(for: sample(time, held: time < 0.5 ? 0 : 10), baseline: baseline, hangUpAt: nil)
        }.compactMap { $0 }
        // t=0 (first), t=0.5 (change), then heartbeats at 1.5 and 2.5.
        #expect(lines.count == 4)
        #expect(lines[1].contains("held    10 ##########"))
    }

    @Test func marksTheMomentTheClientsHungUp() {
        var timeline = ActivityTimeline(origin: 0)
        _ = timeline.line(for: sample(0.9, held: 10), baseline: baseline, hangUpAt: 1.0)
        let line = timeline.line(for: sample(1.05, held: 10), baseline: baseline, hangUpAt: 1.0)
        #expect(line?.hasSuffix("<- clients hung up") == true)
    }

    @Test func saysWhenStatsAreUnreachable() {
        var timeline = ActivityTimeline(origin: 0)
        let line = timeline.line(for: StatsSample(at: 2, error: "refused"), baseline: baseline, hangUpAt: nil)
        #expect(line?.contains("stats unreachable: refused") == true)
    }
}
