@testable import LabBackend
@testable import LabWire
import Testing

typealias Machine = BackendConnection.StateMachine

/// One millisecond on the monotonic clock, in nanoseconds.
let millisecond: UInt64 = 1_000_000
/// An arbitrary moment on the monotonic clock at which requests arrive.
let arrival: UInt64 = 7_000 * millisecond

extension BackendConnection.StateMachine {
    /// A connection of a backend stalling at `behaviour`: holding for `hold`, first token after 200 ms, then one
    /// every 50 ms, `tokens` in an answer, and at most 100 bytes (a 40-byte header block and a 60-byte body)
    /// buffered behind a response.
    static func testing(
        _ behaviour: BackendBehaviour = .answer, hold: Duration = .seconds(10), tokens: Int = 3
    ) -> Machine {
        Machine(
            FakeBackend.Configuration(
                hold: hold, limits: HTTPRequestParser.Limits(maxHeaderBlockBytes: 40, maxBodyBytes: 60),
                behaviour: behaviour,
                timeline: .init(
                    timeToFirstToken: .milliseconds(200), tokenInterval: .milliseconds(50), tokens: tokens)))
    }

    /// A `testing` machine holding request 7, which arrived at `arrival`.
    static func holding(
        _ behaviour: BackendBehaviour = .answer, stream: Bool = true, keepAlive: Bool = true, tokens: Int = 3
    ) -> Machine {
        var machine = testing(behaviour, tokens: tokens)
        _ = machine.apiRequestParsed(requestID: 7, stream: stream, keepAlive: keepAlive, now: arrival)
        return machine
    }
}

@Suite struct BackendConnectionStateMachineTests {
    // MARK: Holds

    @Test func aJSONRequestIsHeldAtOnceUntilItsHoldEndsSendingNothing() {
        var machine = Machine.testing(.midStream)
        let action = machine.apiRequestParsed(requestID: 7, stream: false, keepAlive: true, now: arrival)
        #expect(
            action
                == .startHold(
                    requestID: 7, send: .nothing, firstTokenAt: nil,
                    holdEndsAt: arrival + 10_000 * millisecond,
                    closeAfterAnswer: false))
        #expect(
            machine.state
                == .holding(Machine.Hold(requestID: 7, plan: .quiet, afterwards: .init(closes: false))))
    }

    @Test(
        arguments: [
            (BackendBehaviour.answer, BackendConnection.HoldPlan.Start.opening, true),
            (.queued, .nothing, false),
            (.head, .head, false), (.opening, .opening, false), (.firstToken, .opening, true),
            (.midStream, .opening, true),
        ])
    func aStreamStartsWithWhatItsStallPointSendsAtOnce(
        behaviour: BackendBehaviour, send: BackendConnection.HoldPlan.Start, tokensFlow: Bool
    ) {
        var machine = Machine.testing(behaviour)
        let action = machine.apiRequestParsed(requestID: 7, stream: true, keepAlive: false, now: arrival)
        #expect(
            action
                == .startHold(
                    requestID: 7, send: send, firstTokenAt: tokensFlow ? arrival + 200 * millisecond : nil,
                    holdEndsAt: arrival + 10_000 * millisecond, closeAfterAnswer: true))
    }

    @Test func anAnswerSendsItsTokensEachAnIntervalAfterThePreviousDeadlineThenFinishesWithTheLast() {
        var machine = Machine.holding(.answer)
        #expect(machine.tokenTick() == .sendToken(requestID: 7, nextTokenAt: arrival + 250 * millisecond))
        #expect(machine.tokenTick() == .sendToken(requestID: 7, nextTokenAt: arrival + 300 * millisecond))
        #expect(machine.tokenTick() == .finishStream(requestID: 7, closeAfterWrite: false))
        #expect(machine.state == .writing(.init(closes: false)))
    }

    @Test func aMidStreamStallKeepsTickingPastTheAnswerLengthUntilTheHoldEnds() {
        var machine = Machine.holding(.midStream, tokens: 2)
        for tick in 1...5 {
            let next = arrival + (200 + 50 * UInt64(tick)) * millisecond
            #expect(machine.tokenTick() == .sendToken(requestID: 7, nextTokenAt: next))
        }
        #expect(machine.holdElapsed() == .finishStream(requestID: 7, closeAfterWrite: false))
    }

    @Test func aFirstTokenStallSendsOneTokenThenArmsNothing() {
        var machine = Machine.holding(.firstToken)
        #expect(machine.tokenTick() == .sendToken(requestID: 7, nextTokenAt: nil))
        #expect(machine.holdElapsed() == .finishStream(requestID: 7, closeAfterWrite: false))
    }

    @Test func anAnswerSlowerThanItsHoldSendsTheRestWhenTheHoldEnds() {
        var machine = Machine.holding(.answer)
        _ = machine.tokenTick()
        #expect(machine.holdElapsed() == .finishStream(requestID: 7, closeAfterWrite: false))
    }

    @Test(arguments: [
        (BackendBehaviour.queued, true, Machine.Action.answerHeld(requestID: 7, closeAfterWrite: false)),
        (.answer, false, .answerHeld(requestID: 7, closeAfterWrite: false)),
        (.head, true, .finishStream(requestID: 7, closeAfterWrite: false)),
        (.opening, true, .finishStream(requestID: 7, closeAfterWrite: false)),
    ])
    func theHoldsEndAnswersWholeWhatSentNothingAndFinishesWhatItOpened(
        behaviour: BackendBehaviour, stream: Bool, expected: Machine.Action
    ) {
        var machine = Machine.holding(behaviour, stream: stream)
        #expect(machine.holdElapsed() == expected)
    }

    @Test func bytesWrittenWhileHoldingMoveNothingOn() {
        var machine = Machine.holding(.opening)
        let before = machine
        #expect(machine.writeDrained() == .none)
        #expect(machine == before)
    }

    // MARK: Keep-alive

    @Test func aKeepAliveAnswerGoesBackToReadingAndParsesWhatWaitedBehindIt() {
        var machine = Machine.holding(stream: false)
        #expect(machine.holdElapsed() == .answerHeld(requestID: 7, closeAfterWrite: false))
        #expect(machine.writeDrained() == .parseBuffered)
        #expect(machine.isReading)
    }

    @Test func connectionCloseClosesAfterTheAnswerAndAOneTokenStreamHonoursIt() {
        var json = Machine.holding(stream: false, keepAlive: false)
        #expect(json.holdElapsed() == .answerHeld(requestID: 7, closeAfterWrite: true))
        #expect(json.writeDrained() == .close)
        #expect(json.isClosed)
        var stream = Machine.holding(.answer, keepAlive: false, tokens: 1)
        #expect(stream.tokenTick() == .finishStream(requestID: 7, closeAfterWrite: true))
        #expect(stream.writeDrained() == .close)
    }

    @Test(arguments: [true, false])
    func aControlResponseFollowsTheClientsKeepAlive(keepAlive: Bool) {
        var machine = Machine.testing()
        #expect(machine.controlRequestParsed(keepAlive: keepAlive) == .respond(closeAfterWrite: !keepAlive))
        #expect(machine.writeDrained() == (keepAlive ? .parseBuffered : .close))
    }

    @Test func aRefusalAlwaysClosesAfterItsAnswer() {
        var machine = Machine.testing()
        #expect(machine.requestRefused() == .respond(closeAfterWrite: true))
        #expect(machine.writeDrained() == .close)
    }

    @Test func aResponseWrittenAtOnceInsideTheParseLoopLetsThatLoopGoOn() {
        var machine = Machine.testing()
        machine.parsingStarted()
        _ = machine.controlRequestParsed(keepAlive: true)
        #expect(machine.writeDrained() == .none)
        #expect(machine.isReading && machine.isParsing)
        machine.parsingEnded()
        #expect(!machine.isParsing)
    }

    // MARK: Input behind a response

    @Test func bytesReadWhileReadingAreParsedAtOnce() {
        var machine = Machine.testing()
        #expect(machine.bytesRead(1_000) == .parse)
        #expect(machine.isReading)
    }

    @Test func inputBehindAHeldRequestWaitsUnparsedUpToTheLimitAndKeepsTheConnection() {
        var machine = Machine.holding(stream: false)
        #expect(machine.bytesRead(60) == .buffer)
        #expect(machine.bytesRead(40) == .buffer)
        guard case .holding(let hold) = machine.state else {
            Issue.record("not holding: \(machine.state)")
            return
        }
        #expect(hold.afterwards == .init(closes: false, bufferedInput: 100))
        #expect(machine.holdElapsed() == .answerHeld(requestID: 7, closeAfterWrite: false))
        #expect(machine.writeDrained() == .parseBuffered)
    }

    @Test func inputPastTheLimitIsDroppedWithAllThatFollowsAndTheConnectionClosesAfterTheAnswer() {
        var machine = Machine.holding(stream: false)
        #expect(machine.bytesRead(60) == .buffer)
        #expect(machine.bytesRead(41) == .drop)
        #expect(machine.bytesRead(1) == .drop, "a byte that would fit: the bytes before it are gone")
        #expect(machine.holdElapsed() == .answerHeld(requestID: 7, closeAfterWrite: true))
        #expect(machine.writeDrained() == .close)
    }

    @Test func inputDroppedMidStreamClosesTheConnectionAfterTheStreamEnds() {
        var machine = Machine.holding(.answer, tokens: 2)
        _ = machine.tokenTick()
        #expect(machine.bytesRead(101) == .drop)
        #expect(machine.tokenTick() == .finishStream(requestID: 7, closeAfterWrite: true))
    }

    @Test func inputBehindTheAnswerBeingWrittenCountsWhatWaitedDuringTheHold() {
        var machine = Machine.holding(stream: false)
        #expect(machine.bytesRead(80) == .buffer)
        _ = machine.holdElapsed()
        #expect(machine.state == .writing(.init(closes: false, bufferedInput: 80)))
        #expect(machine.bytesRead(30) == .drop)
        #expect(machine.writeDrained() == .close)
    }

    @Test func inputBehindAResponseThatClosesTheConnectionIsDropped() {
        var refused = Machine.testing()
        _ = refused.requestRefused()
        #expect(refused.bytesRead(1) == .drop)
        var closing = Machine.holding(stream: false, keepAlive: false)
        #expect(closing.bytesRead(1) == .drop)
    }

    // MARK: Hang-ups and the close

    @Test func aHangUpWhileHoldingReleasesTheAbandonedRequest() {
        var machine = Machine.holding(.midStream)
        _ = machine.tokenTick()
        #expect(machine.peerClosed() == .releaseAbandoned(requestID: 7))
        #expect(machine.isClosed)
    }

    @Test func aHangUpWhileReadingOrWritingJustCloses() {
        var reading = Machine.testing()
        #expect(reading.peerClosed() == .close)
        #expect(reading.isClosed)
        var writing = Machine.testing()
        _ = writing.controlRequestParsed(keepAlive: true)
        #expect(writing.peerClosed() == .close)
        #expect(writing.isClosed)
    }

    @Test func bytesOrAHangUpAfterTheCloseChangeNothing() {
        var machine = Machine.testing()
        _ = machine.peerClosed()
        #expect(machine.peerClosed() == .none)
        #expect(machine.bytesRead(10) == .drop)
        #expect(machine.isClosed)
    }

    // MARK: Illegal inputs

    @Test func inputsOnlyABugCanProduceStopTheProcessNamingTheInputAndTheState() async throws {
        let result = try await #require(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var machine = Machine.holding()
            _ = machine.apiRequestParsed(requestID: 8, stream: false, keepAlive: true, now: arrival)
        }
        let message = String(decoding: result.standardErrorContent, as: UTF8.self)
        #expect(message.contains("backend connection: an API request cannot happen while holding"))
    }

    @Test func aRequestWhileNotReadingIsABug() async {
        await #expect(processExitsWith: .failure) {
            var machine = Machine.testing()
            _ = machine.controlRequestParsed(keepAlive: true)
            _ = machine.controlRequestParsed(keepAlive: true)
        }
        await #expect(processExitsWith: .failure) {
            var machine = Machine.testing()
            _ = machine.peerClosed()
            _ = machine.requestRefused()
        }
    }

    @Test func aTimerThatShouldHaveBeenCancelledIsABug() async {
        await #expect(processExitsWith: .failure) {
            var machine = Machine.testing()
            _ = machine.holdElapsed()
        }
        await #expect(processExitsWith: .failure) {
            var machine = Machine.holding(.firstToken)
            _ = machine.tokenTick()
            _ = machine.tokenTick()
        }
        await #expect(processExitsWith: .failure) {
            var machine = Machine.holding(.queued)
            _ = machine.tokenTick()
        }
        await #expect(processExitsWith: .failure) {
            var machine = Machine.holding(.midStream)
            _ = machine.peerClosed()
            _ = machine.tokenTick()
        }
    }

    @Test func aWriteDrainedWithNoResponseUnderWayIsABug() async {
        await #expect(processExitsWith: .failure) {
            var machine = Machine.testing()
            _ = machine.writeDrained()
        }
    }

    @Test func aParseLoopInsideAnotherOrOutsideReadingIsABug() async {
        await #expect(processExitsWith: .failure) {
            var machine = Machine.testing()
            machine.parsingStarted()
            machine.parsingStarted()
        }
        await #expect(processExitsWith: .failure) {
            var machine = Machine.holding()
            machine.parsingStarted()
        }
    }
}
