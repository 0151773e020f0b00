@testable import LabBackend
import Testing

@Suite struct RequestLedgerTests {
    @Test func keepsStartedEqualToCompletedPlusClosedPlusActive() {
        var ledger = RequestLedger()
        let ids = (0..<5).map { _ in ledger.start(method: "POST", path: "/v1/chat/completions", at: 1) }
        _ = ledger.finish(ids[0], outcome: .completed, at: 2)
        _ = ledger.finish(ids[1], outcome: .clientClosed, at: 2)
        _ = ledger.finish(ids[2], outcome: .clientClosed, at: 3)
        ledger.reject()
        #expect(ledger.started == ledger.completed + ledger.clientClosed + ledger.active)
        #expect((ledger.active, ledger.completed, ledger.clientClosed, ledger.rejected) == (2, 1, 2, 1))
    }

    @Test func endingARequestTwiceChangesNothing() {
        var ledger = RequestLedger()
        let id = ledger.start(method: "POST", path: "/v1/chat/completions", at: 1)
        #expect(ledger.finish(id, outcome: .clientClosed, at: 2) != nil)
        #expect(ledger.finish(id, outcome: .completed, at: 3) == nil)
        #expect(ledger.finish(99, outcome: .completed, at: 3) == nil)
        #expect((ledger.active, ledger.completed, ledger.clientClosed) == (0, 0, 1))
    }

    @Test func statsReportTheOldestRequestStillHeld() {
        var ledger = RequestLedger()
        let first = ledger.start(method: "POST", path: "/a", at: 10)
        _ = ledger.start(method: "POST", path: "/a", at: 11)
        #expect(ledger.stats(at: 12, startedAt: 0).oldestActiveStartedAt == 10)
        _ = ledger.finish(first, outcome: .clientClosed, at: 12)
        #expect(ledger.stats(at: 12, startedAt: 0).oldestActiveStartedAt == 11)
    }
}
