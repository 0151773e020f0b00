import Foundation
import LabCore

/// What a new user met after the abandoned requests, on a backend with slots: the slot probe's measurement.
///
/// Cost evidence only: it never changes the verdict. The wait for a slot is the backend's own measurement of
/// the probe (`slot_at - started_at` of its record); the answer time is the probe's client's.
package struct SlotProbeResult: Codable, Sendable, Equatable {
    /// How the probe ended.
    package enum Outcome: String, Codable, Sendable {
        /// It got a slot and its answer.
        case served
        /// The backend refused it: every slot busy and the queue full.
        case refused
        /// It was still waiting for a slot when its patience ran out.
        case stillWaiting = "still_waiting"
        /// Anything else: the proxy answered an error of its own, or never forwarded the probe.
        case failed
    }

    /// How the probe ended.
    package var outcome: Outcome
    /// The backend's slots.
    package var slots: Int
    /// How many requests could wait for a slot before the next was refused; nil: no limit.
    package var queueLimit: Int?
    /// Slots held by the abandoned requests when the probe was sent.
    package var slotsHeld: Int
    /// Requests already waiting for a slot when the probe was sent.
    var queuedAhead: Int
    /// How long the probe waited for its answer before giving up, seconds.
    package var patienceSeconds: Double
    /// Seconds from the last hang-up to the probe.
    var sentAfterHangUpSeconds: Double?
    /// Served: how long it waited for a slot, seconds, as the backend measured it.
    var slotWaitSeconds: Double?
    /// Served or refused: seconds from sending the probe to its answer, as its client saw it.
    var answeredAfterSeconds: Double?
    /// The status the proxy answered the probe with, when it answered.
    package var status: Int?
    /// Refused: how many times the backend refused it (a proxy may retry a 503).
    package var refusals: Int?
    /// Still waiting: how long it would wait in all, derived from the backend's hold (every slot held until
    /// its hold ends, each request ahead taking the next one), not measured.
    var derivedWaitSeconds: Double?
    /// Failed: what happened instead.
    package var failure: String?

    /// A measurement; see the properties for meanings.
    package init(
        outcome: Outcome, slots: Int, queueLimit: Int? = nil, slotsHeld: Int, queuedAhead: Int = 0,
        patienceSeconds: Double,
        sentAfterHangUpSeconds: Double? = nil, slotWaitSeconds: Double? = nil,
        answeredAfterSeconds: Double? = nil,
        status: Int? = nil, refusals: Int? = nil, derivedWaitSeconds: Double? = nil, failure: String? = nil
    ) {
        self.outcome = outcome
        self.slots = slots
        self.queueLimit = queueLimit
        self.slotsHeld = slotsHeld
        self.queuedAhead = queuedAhead
        self.patienceSeconds = patienceSeconds
        self.sentAfterHangUpSeconds = sentAfterHangUpSeconds
        self.slotWaitSeconds = slotWaitSeconds
        self.answeredAfterSeconds = answeredAfterSeconds
        self.status = status
        self.refusals = refusals
        self.derivedWaitSeconds = derivedWaitSeconds
        self.failure = failure
    }
}

extension SlotProbeResult {
    /// What it cost a new user, in words: `10 of 10 slots held by abandoned requests: a new user waited more than
    /// 5 s (would wait 3,595 s, until the backend's hold ends; derived from the hold)`, or `slots freed: a new user
    /// was served after 12 ms (waited 0 ms for a slot)`.
    package var sentence: String {
        let held =
            slotsHeld == 0
            ? "slots freed"
            : "\(slotsHeld) of \(slots) slots held by abandoned requests"
                + (queuedAhead > 0 ? ", \(queuedAhead) request\(queuedAhead == 1 ? "" : "s") waiting" : "")
        switch outcome {
        case .served:
            let answered = answeredAfterSeconds.map(Self.duration) ?? "?"
            let waited = slotWaitSeconds.map { " (waited \(Self.duration($0)) for a slot)" } ?? ""
            return "\(held): a new user was served after \(answered)\(waited)"
        case .refused:
            let attempts = (refusals ?? 1) == 1 ? "once" : "\(refusals ?? 1) times"
            let after = answeredAfterSeconds.map { " after \(Self.duration($0))" } ?? ""
            let answer = status.map { "; the proxy answered \($0)\(after)" } ?? ""
            return
                "\(held): a new user was refused (the backend refused it \(attempts) with 503, queue full\(answer))"
        case .stillWaiting:
            let derived =
                derivedWaitSeconds.map {
                    " (would wait \(Self.duration($0)), until the backend's hold ends; derived from the hold)"
                } ?? ""
            return "\(held): a new user waited more than \(Self.duration(patienceSeconds))\(derived)"
        case .failed:
            return "\(held): the new user's request failed: \(failure ?? "no answer")"
        }
    }

    /// `0.0123` → `12 ms`, `5` → `5 s`, `3595.2` → `3,595 s`: what a person reads as a wait.
    static func duration(_ seconds: Double) -> String {
        guard seconds >= 1 else { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds < 10 && seconds != seconds.rounded() { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds.rounded())
        let digits = String(whole)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped += "," }
            grouped.append(digit)
        }
        return grouped + " s"
    }
}
