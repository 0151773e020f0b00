/// Decides a verdict from samples alone: a pure function, so every rule is tested without sockets.
public enum VerdictJudge {
    /// Everything a decision rests on.
    public struct Evidence: Sendable {
        /// The backend's counters before the load.
        public var baseline: StatsSample
        /// Every poll since, in order.
        public var samples: [StatsSample]
        /// The load's summary, nil while it is still running.
        public var load: LoadSummary?

        /// Evidence so far.
        public init(baseline: StatsSample, samples: [StatsSample], load: LoadSummary?) {
            self.baseline = baseline
            self.samples = samples
            self.load = load
        }
    }

    /// The verdict at `now` (Unix seconds), or nil while the evidence cannot decide yet.
    ///
    /// PASS as soon as every abandoned request reached the backend and the held count is back at the
    /// baseline; LEAK only once the grace window has passed with requests still held; INCONCLUSIVE
    /// whenever the lab could not observe what it needs, never a guess.
    public static func decide(_ evidence: Evidence, rules: VerdictRules, now: Double) -> Verdict? {
        guard let baseline = evidence.baseline.stats else {
            return inconclusive(
                "the backend's stats were unreachable before the load: \(evidence.baseline.error ?? "no answer")"
            )
        }
        guard let load = evidence.load else {
            let waited = now - evidence.baseline.at
            return waited > rules.loadPatienceSeconds
                ? inconclusive("the load did not finish within \(Format.seconds(rules.loadPatienceSeconds))")
                : nil
        }
        if let reason = unobservableLoad(load) { return inconclusive(reason, load: load) }
        if let broken = evidence.samples.compactMap(\.stats).first(where: { !$0.isConsistent }) {
            return inconclusive(
                "the backend's counters are inconsistent (started \(broken.started) ≠ completed \(broken.completed) "
                    + "+ client_closed \(broken.clientClosed) + active \(broken.active)): a backend bug, no verdict",
                load: load)
        }
        let hangUp = load.lastHangUpAt ?? load.startedAt
        let counted = evidence.samples.filter { $0.at >= hangUp }.compactMap { sample in
            sample.stats.map {
                (
                    at: sample.at, seen: $0.started - baseline.started, held: $0.active - baseline.active,
                    lastEndedAt: $0.lastEndedAt
                )
            }
        }
        if counted.contains(where: { $0.seen < 0 }) {
            return inconclusive(
                "the backend's counters went backwards: it was restarted during the run", load: load)
        }
        if let released = counted.first(where: { $0.seen >= load.abandoned && $0.held <= 0 }) {
            // The backend's own end time is exact; the sample time only bounds it from above.
            let releaseSeconds = max(0, (released.lastEndedAt ?? released.at) - hangUp)
            return Verdict(
                kind: .pass,
                reason:
                    "all \(load.abandoned) upstream requests were released \(Format.milliseconds(releaseSeconds)) "
                    + "after the clients hung up (backend saw \(released.seen))",
                abandoned: load.abandoned, seenByBackend: released.seen, stillHeld: 0,
                releaseSeconds: releaseSeconds, decidedAfterHangUpSeconds: now - hangUp)
        }
        let deadline = hangUp + rules.graceSeconds
        guard now >= deadline else { return nil }
        guard let last = counted.last(where: { $0.at >= deadline }) else {
            guard now >= deadline + rules.statsPatienceSeconds else { return nil }
            let error =
                evidence.samples.last(where: { $0.error != nil })?.error ?? "no sample after the grace window"
            return inconclusive(
                "the backend's stats were unreachable after the grace window: \(error)", load: load)
        }
        let after = Format.seconds(last.at - hangUp)
        if last.seen == 0 {
            return inconclusive(
                "none of the \(load.abandoned) abandoned requests reached the backend within \(after)",
                load: load)
        }
        if last.seen < load.abandoned {
            return inconclusive(
                "the backend saw only \(last.seen) of the \(load.abandoned) abandoned requests within \(after)",
                load: load, seen: last.seen, held: last.held)
        }
        return Verdict(
            kind: .leak,
            reason:
                "\(last.held) of \(last.seen) upstream requests still held \(after) after the clients hung up "
                + "(grace \(Format.seconds(rules.graceSeconds)))",
            abandoned: load.abandoned, seenByBackend: last.seen, stillHeld: last.held,
            releaseSeconds: nil, decidedAfterHangUpSeconds: now - hangUp)
    }

    /// Why a load cannot show a leak either way, or nil when some requests were abandoned.
    private static func unobservableLoad(_ load: LoadSummary) -> String? {
        guard load.abandoned == 0 else { return nil }
        if load.sent == 0 {
            return "the load never reached its target (\(load.oneLine))"
        }
        return "no request was abandoned: the target answered before the client timeout (\(load.oneLine))"
    }

    private static func inconclusive(_ reason: String, load: LoadSummary? = nil, seen: Int = 0, held: Int = 0)
        -> Verdict
    {
        Verdict(
            kind: .inconclusive, reason: reason, abandoned: load?.timedOut ?? 0, seenByBackend: seen,
            stillHeld: held, releaseSeconds: nil, decidedAfterHangUpSeconds: nil)
    }
}
