import LabLoad
import LabRecords

extension SlotProbeResult {
    /// What the probe met, from the backend's slots before and after it, its client's summary and the backend's
    /// records.
    ///
    /// The probe's own record (marked `probe`, started after `sentAt`) gives its exact wait for a slot. A probe
    /// answered 200 was served; one the backend refused (its refusals grew) was refused, whatever the proxy
    /// made of the 503; one its client gave up on was still waiting, and when its record still waits, the wait
    /// it faced is derived from the hold of the requests ahead of it.
    ///
    /// - Parameters:
    ///   - before: The backend's slots just before the probe was sent.
    ///   - after: Its slots once the probe had ended; nil when they could not be read.
    ///   - hangUpAt: When the last abandoned request was given up on, Unix seconds.
    package static func measure(
        before: SlotStats, after: SlotStats?, probe summary: LoadSummary, records: [RequestRecord],
        sentAt: Double, hangUpAt: Double?, patienceSeconds: Double
    ) -> SlotProbeResult {
        var result = SlotProbeResult(
            outcome: .failed, slots: before.slots, queueLimit: before.queueLimit, slotsHeld: before.inUse,
            queuedAhead: before.queued,
            patienceSeconds: patienceSeconds, sentAfterHangUpSeconds: hangUpAt.map { sentAt - $0 })
        let record = records.first { $0.probe == true && $0.startedAt >= sentAt }
        let answeredAfter = summary.finishedAt.map { $0 - (summary.firstSentAt ?? summary.startedAt) }
        let status = summary.answered.keys.compactMap { Int($0) }.min()
        let refusals = (after?.refused ?? before.refused) - before.refused
        if status == 200 {
            result.outcome = .served
            result.slotWaitSeconds = record.flatMap { record in record.slotAt.map { $0 - record.startedAt } }
            result.answeredAfterSeconds = answeredAfter
            result.status = status
        } else if refusals > 0 {
            result.outcome = .refused
            result.refusals = refusals
            result.status = status
            result.answeredAfterSeconds = status == nil ? nil : answeredAfter
        } else if summary.timedOut > 0 {
            result.outcome = .stillWaiting
            if let record, record.slotAt == nil, record.outcome != .completed {
                result.derivedWaitSeconds = derivedWait(
                    of: record, records: records, holdSeconds: before.holdSeconds)
            }
        } else {
            result.failure = summary.oneLine
        }
        return result
    }

    /// How long `probe`, waiting, would wait in all if nothing held ended before its hold: each request in a
    /// slot keeps it until its hold ends, and each request that came before the probe takes the next one freed.
    private static func derivedWait(of probe: RequestRecord, records: [RequestRecord], holdSeconds: Double)
        -> Double?
    {
        let held = records.filter { $0.outcome == .held && $0.id != probe.id }
        let slotEnds = held.compactMap { $0.slotAt.map { $0 + holdSeconds } }
        let ahead = held.filter { $0.slotAt == nil && $0.id < probe.id }.count
        return SlotStats.slotFreedAt(slotEnds: slotEnds, waitingAhead: ahead, holdSeconds: holdSeconds)
            .map { $0 - probe.startedAt }
    }
}
