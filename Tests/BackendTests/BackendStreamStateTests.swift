import Testing

@testable import LeakLab

@Suite struct HoldPlanTests {
    typealias Plan = BackendConnection.HoldPlan

    @Test func onlyStreamRequestsSendAnythingBeforeTheHoldEnds() {
        for behaviour in BackendBehaviour.allCases {
            #expect(Plan(behaviour: behaviour, stream: false) == .quiet, "\(behaviour)")
        }
        #expect(Plan(behaviour: .answer, stream: true) == .quiet)
        #expect(Plan(behaviour: .silent, stream: true) == .quiet)
        #expect(Plan(behaviour: .headers, stream: true) == .open(events: 0))
        #expect(Plan(behaviour: .oneChunk, stream: true) == .open(events: 1))
        #expect(Plan(behaviour: .trickle, stream: true) == .trickle)
    }
}

@Suite struct StreamingStateMachineTests {
    typealias Machine = BackendConnection.StateMachine

    @Test func trickleTicksWhileHeldThenFinishesTheOpenStream() {
        var machine = Machine()
        #expect(machine.requestParsed(holds: true, keepAlive: true) == .startHold)
        #expect(machine.holdStarted(requestID: 4, plan: .trickle) == .openTrickle(requestID: 4))
        #expect(machine.trickleTick() == .sendEvent(requestID: 4))
        #expect(machine.writeDrained() == .ignore)
        #expect(machine.trickleTick() == .sendEvent(requestID: 4))
        #expect(machine.holdElapsed(keepAlive: true) == .finishStream(requestID: 4, closeAfterWrite: false))
        #expect(machine.trickleTick() == .ignore)
        #expect(machine.writeDrained() == .parseBuffered)
    }

    @Test func anOpenedStreamSendsItsEventsOnceAndNeverTicks() {
        var machine = Machine()
        _ = machine.requestParsed(holds: true, keepAlive: false)
        #expect(
            machine.holdStarted(requestID: 2, plan: .open(events: 1)) == .openStream(requestID: 2, events: 1))
        #expect(machine.trickleTick() == .ignore)
        #expect(machine.holdElapsed(keepAlive: false) == .finishStream(requestID: 2, closeAfterWrite: true))
        #expect(machine.writeDrained() == .close)
    }

    @Test func aHangUpMidStreamReleasesTheRequestAndStopsTheTrickle() {
        var machine = Machine()
        _ = machine.requestParsed(holds: true, keepAlive: true)
        _ = machine.holdStarted(requestID: 9, plan: .trickle)
        #expect(machine.peerClosed() == .releaseAbandoned(requestID: 9))
        #expect(machine.trickleTick() == .ignore)
        #expect(machine.holdElapsed(keepAlive: true) == .ignore)
    }

    @Test func aQuietHoldAnswersWholeAndAHoldCannotStartTwice() {
        var machine = Machine()
        _ = machine.requestParsed(holds: true, keepAlive: true)
        #expect(machine.holdStarted(requestID: 1, plan: .quiet) == .keepHolding)
        #expect(machine.holdStarted(requestID: 2, plan: .trickle) == .ignore)
        #expect(machine.holdElapsed(keepAlive: true) == .answerHeld(requestID: 1, closeAfterWrite: false))
    }
}

@Suite struct OutboundTests {
    typealias Outbound = BackendConnection.Outbound

    @Test func countsStreamedBytesAsWrittenAndEachEventAtItsLastByte() {
        var outbound = Outbound()
        outbound.append([1, 1, 1], as: .plain)
        outbound.append([2, 2], as: .streamed(requestID: 5, isEvent: true))
        outbound.append([3, 3, 3], as: .streamed(requestID: 5, isEvent: true))
        outbound.append([0], as: .streamed(requestID: 5, isEvent: false))

        #expect(outbound.didWrite(2) == [])
        #expect(outbound.didWrite(2) == [.init(requestID: 5, bytes: 1, chunks: 0)])
        #expect(outbound.didWrite(3) == [.init(requestID: 5, bytes: 3, chunks: 1)])
        #expect(outbound.unwritten == [3, 0])
        #expect(outbound.didWrite(2) == [.init(requestID: 5, bytes: 2, chunks: 1)])
        #expect(outbound.isEmpty)
    }

    @Test func nothingIsCountedForAWriteOfNothingOrForPlainBytes() {
        var outbound = Outbound()
        outbound.append([9, 9], as: .streamed(requestID: 1, isEvent: true))
        #expect(outbound.didWrite(0) == [])
        outbound.append([], as: .streamed(requestID: 1, isEvent: true))
        #expect(outbound.didWrite(2) == [.init(requestID: 1, bytes: 2, chunks: 1)])
        outbound.append([7, 7, 7], as: .plain)
        #expect(outbound.didWrite(3) == [])
        #expect(outbound.isEmpty && outbound.unwritten.isEmpty)
    }
}

@Suite struct StreamLedgerTests {
    @Test func streamCountersAddUpPerRequestAndInTotalEvenAfterTheHoldEnds() {
        var ledger = RequestLedger()
        let first = ledger.start(method: "POST", path: "/v1/chat/completions", stream: true, at: 1)
        let second = ledger.start(method: "POST", path: "/v1/messages", stream: true, at: 1)
        ledger.streamed(first, bytes: 100, chunks: 2)
        ledger.streamed(second, bytes: 10, chunks: 1)
        _ = ledger.finish(first, outcome: .completed, at: 2)
        ledger.streamed(first, bytes: 5, chunks: 1)
        _ = ledger.finish(second, outcome: .clientClosed, at: 2)

        #expect(ledger.records.map(\.chunks) == [3, 1] && ledger.records.map(\.bytes) == [105, 10])
        let stats = ledger.stats(at: 3, startedAt: 0)
        #expect(stats.streamedChunks == 4 && stats.streamedBytes == 115)
        #expect(stats.isConsistent)
    }
}

@Suite struct EventStreamTests {
    private let call = APICall(
        requestID: 3, created: 0, body: APICall.Body(json: Array(#"{"model":"m"}"#.utf8))!)

    @Test func theRestOfAFreshStreamIsTheWholeCannedAnswer() {
        var stream = EventStream(format: MessagesFormat(), call: call)
        let events = stream.rest()
        // message_start, content_block_start, the words, content_block_stop, message_delta, message_stop.
        #expect(events.count == 2 + AnswerText.deltasPerAnswer + 3)
        #expect(events.last?.name == "message_stop")
    }

    @Test func aTrickleLongerThanTheAnswerEndsWithOnlyTheClosingEventsReportingWhatWasSent() throws {
        var stream = EventStream(format: MessagesFormat(), call: call)
        let sent = (0..<20).map { _ in stream.next() }
        #expect(sent.prefix(2).map(\.name) == ["message_start", "content_block_start"])
        let rest = stream.rest()
        #expect(rest.map(\.name) == ["content_block_stop", "message_delta", "message_stop"])
        #expect(rest[1].data.contains(#""output_tokens":18"#))
    }

    @Test func oneEventSentLeavesTheRestOfTheOpeningAndAllTheContentToCome() {
        var stream = EventStream(format: ResponsesFormat(), call: call)
        #expect(stream.next().name == "response.created")
        let rest = stream.rest()
        #expect(rest.first?.name == "response.in_progress")
        #expect(rest.filter { $0.name == "response.output_text.delta" }.count == AnswerText.deltasPerAnswer)
        #expect(rest.last?.data.contains(#""sequence_number":\#(1 + rest.count - 1)"#) == true)
    }
}
