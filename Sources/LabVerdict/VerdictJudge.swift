import Foundation
import LabCore
import LabLoad
import LabRecords

/// Decides a verdict from samples alone: a pure function, so every rule is tested without sockets.
package enum VerdictJudge {
    /// Everything a decision rests on.
    package struct Evidence: Sendable {
        /// The backend's counters before the load.
        package var baseline: StatsSample
        /// Every poll since, in order.
        package var samples: [StatsSample]
        /// The load's summary, nil while it is still running.
        package var load: LoadSummary?

        /// Evidence so far.
        package init(baseline: StatsSample, samples: [StatsSample], load: LoadSummary?) {
            self.baseline = baseline
            self.samples = samples
            self.load = load
        }
    }

    /// The verdict at `now` (Unix seconds), or nil while the evidence cannot decide yet.
    ///
    /// LEAK when upstream requests started after the last client had hung up and outnumber the clients (a
    /// retry or a fallback for nobody), or when requests are still held once the grace window has passed.
    /// Requests that are merely forwarded late (no more of them than clients) mean the clients left before
    /// their requests were under way: INCONCLUSIVE, as the scenario was not what was measured. PASS only once every
    /// abandoned request reached the backend, the held count is back at the baseline, and a settle window
    /// after that release passed with nothing held or started again. INCONCLUSIVE whenever the lab could not
    /// observe what it needs, never a guess.
    package static func decide(_ evidence: Evidence, rules: VerdictRules, now: Double) -> Verdict? {
        guard let baseline = evidence.baseline.stats else {
            return inconclusive(
                "the backend's stats were unreachable before the load: \(evidence.baseline.error ?? "no answer")"
            )
        }
        guard let load = evidence.load else {
            let waited = now - evidence.baseline.at
            return waited > rules.loadPatience.seconds
                ? inconclusive("the load did not finish within \(Format.seconds(rules.loadPatience.seconds))")
                : nil
        }
        if refusedByTheProxy(load) {
            // Whether the proxy sent any of them upstream is told by the backend's counters after the load.
            guard let after = evidence.samples.last?.stats else { return nil }
            if after.started == baseline.started {
                return Verdict(
                    kind: .notServed,
                    reason: "the proxy answered all \(load.sent) requests itself ("
                        + load.answered.sorted { $0.key < $1.key }.map { "\($0.value)×\($0.key)" }
                        .joined(separator: ", ") + ") before the client timeout and sent none upstream: "
                        + "this release does not serve the route",
                    abandoned: 0, seenByBackend: 0, stillHeld: 0)
            }
        }
        if let reason = unobservableLoad(load) { return inconclusive(reason, load: load) }
        if let broken = evidence.samples.compactMap(\.stats).first(where: { !$0.isConsistent }) {
            return inconclusive(
                "the backend's counters are inconsistent (started \(broken.started) ≠ completed \(broken.completed) "
                    + "+ client_closed \(broken.clientClosed) + active \(broken.active)): a backend bug, no verdict",
                load: load)
        }
        let hangUp = load.lastHangUpAt ?? load.startedAt
        let counted = points(evidence.samples, baseline: baseline, hangUp: hangUp)
        if counted.contains(where: { $0.seen < 0 }) {
            return inconclusive(
                "the backend's counters went backwards: it was restarted during the run", load: load)
        }
        let deadline = hangUp + rules.grace.seconds
        if let last = counted.last, last.startedAfterHangUp > 0 {
            // The whole grace window is measured first, so the figures say how far a retry storm went.
            guard now >= deadline else { return nil }
            guard last.seen > load.abandoned else {
                // No more upstream requests than clients: the late ones are first forwards, not retries. The
                // client gave up before its request was under way, which is not what the scenario measures.
                return inconclusive(
                    "the proxy forwarded \(last.startedAfterHangUp) of the \(load.abandoned) requests only after "
                        + "the clients had hung up (no retries: \(last.seen) upstream requests in all), so the "
                        + "clients never left a request under way; rerun with --timeout-from arrival (each client "
                        + "leaves a fixed time after its request reached the backend), a longer --timeout, or on a "
                        + "quieter machine", load: load, seen: last.seen, held: last.held)
            }
            return workForNobody(last, load: load, hangUp: hangUp, now: now)
        }
        if let released = release(in: counted, load: load) {
            return settled(
                after: released, counted: counted, samples: evidence.samples, load: load, hangUp: hangUp,
                rules: rules, now: now)
        }
        guard now >= deadline else { return nil }
        guard let last = counted.last(where: { $0.at >= deadline }) else {
            return statsPatience(
                evidence.samples, after: deadline, window: "the grace window", load: load, rules, now)
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
                + "(grace \(Format.seconds(rules.grace.seconds)))",
            abandoned: load.abandoned, seenByBackend: last.seen, stillHeld: last.held,
            decidedAfterHangUpSeconds: now - hangUp, startedAfterHangUp: last.knowsLateStarts ? 0 : nil)
    }

    /// A decided verdict checked again against everything measured since (`--observe`).
    ///
    /// A PASS whose requests were released and then opened again, or joined by new ones, becomes LEAK: the
    /// settle window was too short to see that retry, the observation was not. Other verdicts stand.
    static func review(_ verdict: Verdict, _ evidence: Evidence) -> Verdict {
        guard verdict.kind == .pass, let baseline = evidence.baseline.stats, let load = evidence.load,
            let last = points(
                evidence.samples, baseline: baseline, hangUp: load.lastHangUpAt ?? load.startedAt
            )
            .last, last.startedAfterHangUp > 0
        else { return verdict }
        let after = Format.seconds(last.at - (load.lastHangUpAt ?? load.startedAt))
        return Verdict(
            kind: .leak,
            reason:
                "released, then \(last.startedAfterHangUp) upstream requests started again after the clients had "
                + "hung up (seen while observing, \(after) after the hang-up): work for nobody, "
                + "\(amplificationText(seen: last.seen, abandoned: load.abandoned))",
            abandoned: load.abandoned, seenByBackend: last.seen, stillHeld: max(0, last.held),
            releaseSeconds: verdict.releaseSeconds,
            decidedAfterHangUpSeconds: verdict.decidedAfterHangUpSeconds,
            startedAfterHangUp: last.startedAfterHangUp)
    }

    /// The backend's counters at one sample after the hang-up, relative to the baseline.
    private struct Point {
        var at: Double
        /// API requests received since the baseline.
        var seen: Int
        /// API requests held beyond the baseline.
        var held: Int
        var lastEndedAt: Double?
        /// Requests that arrived after the last hang-up; 0 also when the poll did not ask (see `knowsLateStarts`).
        var startedAfterHangUp: Int
        /// Whether the backend counted arrivals after the hang-up for this sample.
        var knowsLateStarts: Bool
    }

    private static func points(_ samples: [StatsSample], baseline: BackendStats, hangUp: Double) -> [Point] {
        samples.filter { $0.at >= hangUp }.compactMap { sample in
            sample.stats.map { stats in
                // The collector asks `/stats?since=<last hang-up>` once it knows the hang-up; older polls cannot say.
                let asked = stats.since.map { abs($0 - hangUp) < 1e-6 } ?? false
                return Point(
                    at: sample.at, seen: stats.started - baseline.started,
                    held: stats.active - baseline.active,
                    lastEndedAt: stats.lastEndedAt, startedAfterHangUp: asked ? stats.startedSince ?? 0 : 0,
                    knowsLateStarts: asked && stats.startedSince != nil)
            }
        }
    }

    /// LEAK for upstream requests that started after every client had gone.
    private static func workForNobody(_ last: Point, load: LoadSummary, hangUp: Double, now: Double)
        -> Verdict
    {
        let held =
            last.held > 0
            ? "\(last.held) held \(Format.seconds(last.at - hangUp)) after the hang-up" : "none held now"
        return Verdict(
            kind: .leak,
            reason:
                "\(last.startedAfterHangUp) upstream requests started after the last client had hung up: work for "
                + "nobody (\(amplificationText(seen: last.seen, abandoned: load.abandoned)); \(held))",
            abandoned: load.abandoned, seenByBackend: last.seen, stillHeld: max(0, last.held),
            decidedAfterHangUpSeconds: now - hangUp, startedAfterHangUp: last.startedAfterHangUp)
    }

    /// The settle window of this measurement, seconds: the rule's, plus twice the slowest forward its own clients
    /// measured. A retry is the proxy's reaction to a failed call and then a forward, each as slow as the proxy is
    /// now: on a starved machine LiteLLM 1.61.20 forwarded in 0.87 s and retried 2.3 s after the release, after
    /// a fixed 2 s window had said PASS (2026-12-07). A quiet proxy forwards in milliseconds: the rule's window.
    static func settleWindow(_ rules: VerdictRules, _ load: LoadSummary) -> Double {
        rules.settle.seconds + 2 * (load.slowestArrivalSeconds ?? 0)
    }

    /// The first sample with every abandoned request seen and none held beyond the baseline.
    private static func release(in counted: [Point], load: LoadSummary) -> Point? {
        counted.first { $0.seen >= load.abandoned && $0.held <= 0 }
    }

    /// The settle window's end: from the backend's own time of the release, exact, where the sample only bounds
    /// it from above.
    private static func settleEnd(after released: Point, _ rules: VerdictRules, _ load: LoadSummary) -> Double
    {
        (released.lastEndedAt ?? released.at) + settleWindow(rules, load)
    }

    /// When the window the evidence waits for ends (the settle window after a release, else the grace window),
    /// so that the collector samples then rather than up to an interval later; nil before the load's hang-up.
    package static func windowEnd(_ evidence: Evidence, rules: VerdictRules) -> Double? {
        guard let baseline = evidence.baseline.stats, let load = evidence.load else { return nil }
        let hangUp = load.lastHangUpAt ?? load.startedAt
        let counted = points(evidence.samples, baseline: baseline, hangUp: hangUp)
        if counted.last?.startedAfterHangUp ?? 0 == 0, let released = release(in: counted, load: load) {
            return settleEnd(after: released, rules, load)
        }
        return hangUp + rules.grace.seconds
    }

    /// `within 2.00 s`, or how the window was stretched for a slow proxy.
    private static func settleWindowText(_ rules: VerdictRules, _ load: LoadSummary) -> String {
        let window = settleWindow(rules, load)
        guard let slowest = load.slowestArrivalSeconds, window - rules.settle.seconds >= 0.005 else {
            return "within \(Format.seconds(rules.settle.seconds))"
        }
        return
            "within \(Format.seconds(window)) (the \(Format.seconds(rules.settle.seconds)) settle window plus "
            + "twice the proxy's slowest forward, \(Format.seconds(slowest)))"
    }

    /// PASS once the settle window after `released` passed with nothing held or started again.
    private static func settled(
        after released: Point, counted: [Point], samples: [StatsSample], load: LoadSummary, hangUp: Double,
        rules: VerdictRules, now: Double
    ) -> Verdict? {
        let settleEnd = settleEnd(after: released, rules, load)
        guard now >= settleEnd else { return nil }
        guard let closing = counted.last(where: { $0.at >= settleEnd }) else {
            return statsPatience(
                samples, after: settleEnd, window: "the settle window", load: load, rules, now)
        }
        guard closing.knowsLateStarts else {
            return inconclusive(
                "the backend does not count requests that start after the hang-up (an older fake-backend?): a "
                    + "retry for nobody could not be seen, so no PASS", load: load, seen: released.seen)
        }
        if let reopened = counted.first(where: { $0.at > released.at && $0.held > 0 }) {
            // A held count rises only when a request starts: the backend's count missed it, the samples did not.
            return Verdict(
                kind: .leak,
                reason:
                    "released, then \(reopened.held) upstream requests held again "
                    + "\(Format.seconds(reopened.at - hangUp)) after the clients hung up: work for nobody",
                abandoned: load.abandoned, seenByBackend: reopened.seen, stillHeld: reopened.held,
                decidedAfterHangUpSeconds: now - hangUp,
                startedAfterHangUp: max(1, closing.startedAfterHangUp))
        }
        // The backend's own end time is exact; the sample time only bounds it from above.
        let releaseSeconds = max(0, (released.lastEndedAt ?? released.at) - hangUp)
        return Verdict(
            kind: .pass,
            reason:
                "all \(load.abandoned) upstream requests were released \(Format.milliseconds(releaseSeconds)) "
                + "after the clients hung up and none started again \(settleWindowText(rules, load)) "
                + "(backend saw \(released.seen))",
            abandoned: load.abandoned, seenByBackend: released.seen, stillHeld: 0,
            releaseSeconds: releaseSeconds, decidedAfterHangUpSeconds: now - hangUp, startedAfterHangUp: 0)
    }

    /// INCONCLUSIVE once unreachable stats outlast their patience after `start`; nil while waiting.
    private static func statsPatience(
        _ samples: [StatsSample], after start: Double, window: String, load: LoadSummary,
        _ rules: VerdictRules,
        _ now: Double
    ) -> Verdict? {
        guard now >= start + rules.statsPatience.seconds else { return nil }
        let error = samples.last(where: { $0.error != nil })?.error ?? "no sample after \(window)"
        return inconclusive("the backend's stats were unreachable after \(window): \(error)", load: load)
    }

    /// `20 upstream requests for 10 abandoned clients, 2.0×`.
    static func amplificationText(seen: Int, abandoned: Int) -> String {
        guard abandoned > 0 else { return "\(seen) upstream requests" }
        return "\(seen) upstream requests for \(abandoned) abandoned clients, "
            + String(format: "%.1f×", Double(seen) / Double(abandoned))
    }

    /// Whether the proxy refused every request as a route it does not have: 404 Not Found (FastAPI's answer
    /// for a path without a route) or 405 Method Not Allowed, before any client gave up.
    private static func refusedByTheProxy(_ load: LoadSummary) -> Bool {
        load.sent > 0 && load.abandoned == 0
            && (load.answered["404"] ?? 0) + (load.answered["405"] ?? 0) == load.sent
    }

    /// Why a load cannot show a leak either way, or nil when some requests were abandoned.
    private static func unobservableLoad(_ load: LoadSummary) -> String? {
        if let signal = load.stoppedBy {
            return "the load client was stopped by \(signal) before its requests ended (\(load.oneLine))"
        }
        guard load.abandoned == 0 else { return nil }
        if load.sent == 0 {
            return "the load never reached its target (\(load.oneLine))"
        }
        return "no request was abandoned: the target answered before the client timeout (\(load.oneLine))"
    }

    /// Whether an INCONCLUSIVE reason says the abandoned requests reached the backend late or not at all: the
    /// proxy forwarded them after (or never before) the clients left, which a slow proxy causes and arrival
    /// clients rule out, unlike a route that answers by itself.
    package static func blamesLateForwarding(_ reason: String) -> Bool {
        reason.contains("only after the clients had hung up")
            || reason.contains("abandoned requests reached the backend within")
            || (reason.hasPrefix("the backend saw only ") && reason.contains(" abandoned requests within "))
    }

    /// INCONCLUSIVE for `reason`, followed by what the proxy said when it answered with a server error: an
    /// error that stopped the requests is most often why the lab could not observe them.
    private static func inconclusive(_ reason: String, load: LoadSummary? = nil, seen: Int = 0, held: Int = 0)
        -> Verdict
    {
        Verdict(
            kind: .inconclusive, reason: reason + (load.flatMap(proxySaid) ?? ""),
            abandoned: load?.abandoned ?? 0, seenByBackend: seen, stillHeld: held)
    }

    /// `; the proxy said: TypeError: Invalid timeout ...`, nil when no answer with a server error said anything.
    private static func proxySaid(_ load: LoadSummary) -> String? {
        load.serverErrorLine.map { "; the proxy said: \($0)" }
    }
}
