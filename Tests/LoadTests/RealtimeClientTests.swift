@testable import LabCore
@testable import LabLoad
@testable import LabRecords
@testable import LabWire
import Testing

import LabTestSupport

/// The realtime client: it opens a websocket, sends one message carrying its arrival token, and closes its
/// TCP connection its timeout after its session reached the backend.
@Suite struct RealtimeClientTests {
    private let timeout = Duration.milliseconds(300)

    @Test func opensTheSessionSendsItsTokenAndLeavesItsTimeoutAfterTheArrival() throws {
        let backend = try TestBackend()
        var plan = LoadPlan(
            target: backend.base.appending(path: "/v1/realtime"), requests: 4, timeout: timeout,
            model: "gpt-4o-realtime-preview")
        plan.websocket = true
        plan.timeoutFrom = .arrival
        let summary = try LoadClient.run(plan)

        #expect(summary.sent == 4 && summary.timedOut == 4, "\(summary.oneLine)")
        #expect(summary.arrived == 4)
        // Each received the server's session.created before it left.
        #expect(summary.receivedWhenAbandoned?.events == 4)
        let stats = try backend.stats { $0.clientClosed >= 4 }
        #expect(stats.started == 4 && stats.clientClosed == 4 && stats.active == 0)
        for record in try backend.records() {
            let held = try #require(record.endedAt) - record.startedAt
            #expect(held >= timeout.seconds - 0.005, "session #\(record.id) held \(held) s")
            #expect(record.path == "/v1/realtime" && record.arrivalToken != nil)
        }
    }

    @Test func anUpgradeAnsweredWithoutTheSwitchIsAnAnswerLikeAnyOther() throws {
        let backend = try TestBackend()
        var plan = LoadPlan(
            target: backend.base.appending(path: "/v1/nowhere"), requests: 2, timeout: timeout)
        plan.websocket = true
        let summary = try LoadClient.run(plan)
        #expect(summary.answered == ["404": 2], "\(summary.oneLine)")
    }
}
