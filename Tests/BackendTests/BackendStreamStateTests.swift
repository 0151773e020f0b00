@testable import LabAPI
@testable import LabBackend
import Testing

@Suite struct HoldPlanTests {
    typealias Plan = BackendConnection.HoldPlan

    @Test func eachStallPointGoesAsFarAlongTheTimelineAsItsNameSays() {
        func plan(_ behaviour: BackendBehaviour) -> Plan {
            Plan(behaviour: behaviour, stream: true, answerTokens: 7)
        }
        #expect(plan(.answer) == Plan(start: .opening, tokens: 7, completes: true))
        #expect(plan(.queued) == .quiet)
        #expect(plan(.head) == Plan(start: .head, tokens: 0, completes: false))
        #expect(plan(.opening) == Plan(start: .opening, tokens: 0, completes: false))
        #expect(plan(.firstToken) == Plan(start: .opening, tokens: 1, completes: false))
        #expect(plan(.midStream) == Plan(start: .opening, tokens: nil, completes: false))
    }

    @Test func onlyStreamRequestsSendAnythingBeforeTheHoldEnds() {
        for behaviour in BackendBehaviour.allCases {
            #expect(Plan(behaviour: behaviour, stream: false, answerTokens: 11) == .quiet, "\(behaviour)")
        }
    }

    @Test func noTokenComesBeforeTheOpening() {
        #expect(Plan(start: .head, tokens: nil, completes: false).tokens == 0)
        #expect(Plan(start: .nothing, tokens: 3, completes: true).tokens == 0)
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

    @Test func theRestOfAFreshStreamIsTheOpeningTheWholeAnswerAndTheClosing() {
        var stream = EventStream(format: MessagesFormat(), call: call, answerTokens: 4)
        let events = stream.rest()
        #expect(
            events.map(\.name) == [
                "message_start", "content_block_start", "content_block_delta", "content_block_delta",
                "content_block_delta", "content_block_delta", "content_block_stop", "message_delta",
                "message_stop",
            ])
    }

    @Test func aDefaultAnswerIsTheWholeCannedSentence() {
        #expect(FakeBackend.Configuration.StreamTimeline().tokens == AnswerText.deltasPerAnswer)
    }

    @Test func theOpeningGoesOutOnce() {
        var stream = EventStream(format: ChatCompletionsFormat(), call: call, answerTokens: 2)
        #expect(stream.opening().count == 1)
        #expect(stream.opening().isEmpty)
        #expect(stream.rest().count == 2 + 2)  // two tokens, the stop chunk, [DONE]
    }

    @Test func tokensPastTheAnswerLengthEndWithOnlyTheClosingEventsReportingWhatWasSent() throws {
        var stream = EventStream(format: MessagesFormat(), call: call, answerTokens: 11)
        _ = stream.opening()
        for _ in 0..<18 { _ = stream.nextToken() }
        let rest = stream.rest()
        #expect(rest.map(\.name) == ["content_block_stop", "message_delta", "message_stop"])
        #expect(rest[1].data.contains(#""output_tokens":18"#))
    }

    @Test func responsesEventsAreNumberedAcrossOpeningTokensAndClosing() {
        var stream = EventStream(format: ResponsesFormat(), call: call, answerTokens: 3)
        let events = stream.opening() + [stream.nextToken()] + stream.rest()
        let numbers = events.map { $0.object?["sequence_number"] as? Int }
        #expect(numbers == events.indices.map { $0 })
        #expect(events.filter { $0.name == "response.output_text.delta" }.count == 3)
    }
}
