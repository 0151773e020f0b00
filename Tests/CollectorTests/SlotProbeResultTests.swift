@testable import LabBackend
@testable import LabLoad
@testable import LabVerdict
import Testing
@testable import LabRecords

@Suite struct SlotProbeResultTests {
    // MARK: Words

    @Test func saysANewUserWaitedPastItsPatienceAndHowLongItWouldWaitDerivedFromTheHold() {
        let result = SlotProbeResult(
            outcome: .stillWaiting, slots: 10, slotsHeld: 10, patienceSeconds: 5, derivedWaitSeconds: 3594.6)
        #expect(
            result.sentence
                == "10 of 10 slots held by abandoned requests: a new user waited more than 5 s "
                + "(would wait 3,595 s, until the backend's hold ends; derived from the hold)")
    }

    @Test func saysSlotsWereFreedWhenANewUserWasServedAtOnce() {
        let result = SlotProbeResult(
            outcome: .served, slots: 10, slotsHeld: 0, patienceSeconds: 5, slotWaitSeconds: 0.0002,
            answeredAfterSeconds: 0.012, status: 200)
        #expect(result.sentence == "slots freed: a new user was served after 12 ms (waited 0 ms for a slot)")
    }

    @Test func saysANewUserWasRefusedAndWhatTheProxyAnswered() {
        let result = SlotProbeResult(
            outcome: .refused, slots: 2, slotsHeld: 2, queuedAhead: 1, patienceSeconds: 5,
            answeredAfterSeconds: 0.8, status: 503, refusals: 3)
        #expect(
            result.sentence
                == "2 of 2 slots held by abandoned requests, 1 request waiting: a new user was refused "
                + "(the backend refused it 3 times with 503, queue full; the proxy answered 503 after 800 ms)"
        )
    }

    @Test func saysWhatHappenedWhenTheProbeFailed() {
        let result = SlotProbeResult(
            outcome: .failed, slots: 4, slotsHeld: 1, patienceSeconds: 5, failure: "1 answered (1×401)")
        #expect(
            result.sentence
                == "1 of 4 slots held by abandoned requests: the new user's request failed: 1 answered (1×401)"
        )
    }

    // MARK: Measurement

    private let sentAt = 1_000.0
    private let slots = SlotStats(slots: 2, queueLimit: nil, inUse: 2, queued: 0, refused: 0, holdSeconds: 60)

    private func summary(answered status: Int? = nil, timedOut: Int = 0) -> LoadSummary {
        var summary = LoadSummary(target: "http://proxy", requests: 1, timeoutSeconds: 5, startedAt: sentAt)
        summary.firstSentAt = sentAt + 0.001
        summary.finishedAt = sentAt + 0.5
        if let status { summary.answered[String(status)] = 1 }
        summary.timedOut = timedOut
        return summary
    }

    private func record(_ id: Int, at start: Double, slotAt: Double?, probe: Bool = false) -> RequestRecord {
        var record = RequestRecord(
            id: id, method: "POST", path: "/v1/chat/completions", stream: false, startedAt: start,
            outcome: .held)
        record.slotAt = slotAt
        record.probe = probe ? true : nil
        return record
    }

    @Test func aProbeAnsweredIsServedWithTheBackendsOwnSlotWait() {
        var probe = record(3, at: sentAt + 0.01, slotAt: sentAt + 0.21, probe: true)
        probe.outcome = .completed
        let result = SlotProbeResult.measure(
            before: slots, after: slots, probe: summary(answered: 200), records: [probe], sentAt: sentAt,
            hangUpAt: sentAt - 3, patienceSeconds: 5)
        #expect(result.outcome == .served && result.slotsHeld == 2 && result.sentAfterHangUpSeconds == 3)
        #expect(abs((result.slotWaitSeconds ?? 0) - 0.2) < 1e-9)
    }

    @Test func aProbeTheBackendRefusedIsRefusedWhateverTheProxyAnswered() {
        var after = slots
        after.refused = 3
        let result = SlotProbeResult.measure(
            before: slots, after: after, probe: summary(answered: 503), records: [], sentAt: sentAt,
            hangUpAt: nil,
            patienceSeconds: 5)
        #expect(result.outcome == .refused && result.refusals == 3 && result.status == 503)
    }

    @Test func aProbeStillQueuedAtItsPatienceGetsItsWaitDerivedFromTheHoldsAhead() {
        // Slots taken at 990 and 995 end at 1050 and 1055; the request waiting ahead takes the first, so the
        // probe (arrived at 1000.5) would get the second at 1055.
        let records = [
            record(1, at: 990, slotAt: 990), record(2, at: 995, slotAt: 995), record(3, at: 996, slotAt: nil),
            record(4, at: sentAt + 0.5, slotAt: nil, probe: true),
        ]
        let result = SlotProbeResult.measure(
            before: slots, after: slots, probe: summary(timedOut: 1), records: records, sentAt: sentAt,
            hangUpAt: nil, patienceSeconds: 5)
        #expect(result.outcome == .stillWaiting)
        #expect(abs((result.derivedWaitSeconds ?? 0) - 54.5) < 1e-9)
    }

    @Test func aProbeThatTimedOutWithoutReachingTheBackendHasNoDerivedWait() {
        let result = SlotProbeResult.measure(
            before: slots, after: slots, probe: summary(timedOut: 1), records: [], sentAt: sentAt,
            hangUpAt: nil,
            patienceSeconds: 5)
        #expect(result.outcome == .stillWaiting && result.derivedWaitSeconds == nil)
    }

    @Test func aProbeTheProxyAnsweredWithAnErrorOfItsOwnFailed() {
        let result = SlotProbeResult.measure(
            before: slots, after: slots, probe: summary(answered: 401), records: [], sentAt: sentAt,
            hangUpAt: nil,
            patienceSeconds: 5)
        #expect(result.outcome == .failed && result.failure?.contains("1×401") == true)
    }
}
