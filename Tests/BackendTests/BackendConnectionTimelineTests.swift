@testable import LabBackend
import Testing

/// A held request's two timers on a clock the test moves by hand.
///
/// `advance(to:)` fires whatever is due by then into the machine, earliest deadline first and the hold's timer
/// first on a tie (it was armed first, and the loop's timer queue keeps arming order), arming and cancelling
/// timers as the actions say, as the connection does on the event loop.
struct ManualTimers {
    /// One timer that fired: when it was due, and what the machine made of it.
    struct Fired: Equatable {
        var due: UInt64
        var action: Machine.Action
    }

    private(set) var machine: Machine
    private(set) var fired: [Fired] = []
    private var holdEndsAt: UInt64?
    private var nextTokenAt: UInt64?

    /// A `Machine.testing` connection holding a stream request that arrived at `arrival`.
    init(_ behaviour: BackendBehaviour, hold: Duration, tokens: Int = 3) {
        machine = .testing(behaviour, hold: hold, tokens: tokens)
        let start = machine.apiRequestParsed(requestID: 7, stream: true, keepAlive: true, now: arrival)
        guard case .startHold(_, _, let firstTokenAt, let holdEndsAt, _) = start else {
            preconditionFailure("a hold starts with .startHold, not \(start)")
        }
        self.holdEndsAt = holdEndsAt
        nextTokenAt = firstTokenAt
    }

    /// Moves the clock to `now`, firing every timer due by then.
    mutating func advance(to now: UInt64) {
        while true {
            if let hold = holdEndsAt, hold <= now, hold <= nextTokenAt ?? .max {
                record(due: hold, machine.holdElapsed())
            } else if let token = nextTokenAt, token <= now {
                record(due: token, machine.tokenTick())
            } else {
                return
            }
        }
    }

    /// The peer hangs up.
    mutating func hangUp() -> Machine.Action {
        let action = machine.peerClosed()
        holdEndsAt = nil
        nextTokenAt = nil
        return action
    }

    private mutating func record(due: UInt64, _ action: Machine.Action) {
        fired.append(Fired(due: due, action: action))
        if case .sendToken(_, let next) = action {
            nextTokenAt = next
        } else {
            // Every other outcome of a timer ends the hold: the connection cancels both timers.
            holdEndsAt = nil
            nextTokenAt = nil
        }
    }
}

/// What is due when along a stream's timeline, on a clock stepped by hand: no real time passes.
@Suite struct BackendConnectionTimelineTests {
    private func at(_ milliseconds: UInt64) -> UInt64 { arrival + milliseconds * millisecond }

    @Test func anAnswerSendsItsTokensOnTheTimelineAndFinishesLongBeforeItsHoldEnds() {
        var timers = ManualTimers(.answer, hold: .seconds(10))
        timers.advance(to: at(199))
        #expect(timers.fired.isEmpty)
        timers.advance(to: at(200))
        #expect(timers.fired == [.init(due: at(200), action: .sendToken(requestID: 7, nextTokenAt: at(250)))])
        timers.advance(to: at(20_000))
        #expect(
            timers.fired.dropFirst() == [
                .init(due: at(250), action: .sendToken(requestID: 7, nextTokenAt: at(300))),
                .init(due: at(300), action: .finishStream(requestID: 7, closeAfterWrite: false)),
            ])
    }

    @Test func aMidStreamStallSendsATokenEveryIntervalUntilTheHoldEndsAndTheHoldWinsATie() {
        var timers = ManualTimers(.midStream, hold: .seconds(1))
        timers.advance(to: at(60_000))
        let tokens = (0..<16).map { tick in
            ManualTimers.Fired(
                due: at(200 + 50 * tick), action: .sendToken(requestID: 7, nextTokenAt: at(250 + 50 * tick)))
        }
        // The 17th token is due at 1000 ms too, when the hold ends: the hold's timer was armed first.
        #expect(
            timers.fired == tokens + [
                .init(due: at(1_000), action: .finishStream(requestID: 7, closeAfterWrite: false))
            ])
    }

    @Test func aLoopRunningLateCatchesUpWithoutMakingTheStreamDrift() {
        var timers = ManualTimers(.midStream, hold: .seconds(10))
        timers.advance(to: at(420))
        #expect(timers.fired.map(\.due) == [200, 250, 300, 350, 400].map(at))
        #expect(timers.fired.last?.action == .sendToken(requestID: 7, nextTokenAt: at(450)))
    }

    @Test func aFirstTokenStallSendsOneTokenThenNothingUntilTheHoldEnds() {
        var timers = ManualTimers(.firstToken, hold: .seconds(1))
        timers.advance(to: at(999))
        #expect(timers.fired == [.init(due: at(200), action: .sendToken(requestID: 7, nextTokenAt: nil))])
        timers.advance(to: at(1_000))
        #expect(
            timers.fired.last
                == .init(due: at(1_000), action: .finishStream(requestID: 7, closeAfterWrite: false)))
    }

    @Test func aQueuedStreamSendsNothingUntilItsHoldEndsThenAnswersWhole() {
        var timers = ManualTimers(.queued, hold: .seconds(1))
        timers.advance(to: at(60_000))
        #expect(
            timers.fired == [.init(due: at(1_000), action: .answerHeld(requestID: 7, closeAfterWrite: false))]
        )
    }

    @Test func aHangUpStopsTheTokensAtOnce() {
        var timers = ManualTimers(.midStream, hold: .seconds(1))
        timers.advance(to: at(300))
        #expect(timers.hangUp() == .releaseAbandoned(requestID: 7))
        timers.advance(to: at(60_000))
        #expect(timers.fired.map(\.due) == [200, 250, 300].map(at))
        #expect(timers.machine.isClosed)
    }
}
