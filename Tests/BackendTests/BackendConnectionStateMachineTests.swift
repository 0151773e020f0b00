@testable import LabBackend
import Testing

@Suite struct BackendConnectionStateMachineTests {
    typealias Machine = BackendConnection.StateMachine

    @Test func hangUpWhileHoldingReleasesTheAbandonedRequest() {
        var machine = Machine()
        #expect(machine.requestParsed(holds: true, keepAlive: true) == .startHold)
        machine.holdStarted(requestID: 7)
        #expect(machine.peerClosed() == .releaseAbandoned(requestID: 7))
        #expect(machine.state == .closed)
        #expect(machine.holdElapsed(keepAlive: true) == .ignore)
    }

    @Test func holdElapsingAnswersThenReadsTheNextRequest() {
        var machine = Machine()
        _ = machine.requestParsed(holds: true, keepAlive: true)
        machine.holdStarted(requestID: 1)
        #expect(machine.holdElapsed(keepAlive: true) == .answerHeld(requestID: 1, closeAfterWrite: false))
        #expect(machine.writeDrained() == .parseBuffered)
        #expect(machine.isReading)
    }

    @Test func connectionCloseClosesAfterTheAnswer() {
        var machine = Machine()
        _ = machine.requestParsed(holds: true, keepAlive: false)
        machine.holdStarted(requestID: 1)
        #expect(machine.holdElapsed(keepAlive: false) == .answerHeld(requestID: 1, closeAfterWrite: true))
        #expect(machine.writeDrained() == .close)
    }

    @Test func refusalAlwaysClosesAfterItsAnswer() {
        var machine = Machine()
        #expect(machine.requestRefused() == .respond(closeAfterWrite: true))
        #expect(machine.requestParsed(holds: true, keepAlive: true) == .ignore)
        #expect(machine.writeDrained() == .close)
    }

    @Test func hangUpWhileNotHoldingJustCloses() {
        var reading = Machine()
        #expect(reading.peerClosed() == .close)
        var writing = Machine()
        _ = writing.requestParsed(holds: false, keepAlive: true)
        #expect(writing.peerClosed() == .close)
        #expect(writing.peerClosed() == .ignore)
    }

    @Test func impossibleInputsAreIgnored() {
        var machine = Machine()
        #expect(machine.holdElapsed(keepAlive: true) == .ignore)
        #expect(machine.writeDrained() == .ignore)
    }
}

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
