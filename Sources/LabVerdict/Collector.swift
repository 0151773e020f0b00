import Foundation
import LabCore
import LabLoad
import LabWire
import LabRecords

/// Samples the backend's `/stats` on a fixed interval and decides the verdict once the evidence allows.
///
/// ```swift
/// let collector = Collector(settings: .init(backend: backendURL), output: .standardOutput(timestamps: false))
/// let baseline = collector.takeBaseline()
/// // ... start the load ...
/// let report = collector.observe(from: baseline) { loadSummaryIfFinished() }
/// print(report.decision.line)
/// ```
package struct Collector {
    /// Where to sample, how often, and how to judge.
    package struct Settings: Sendable {
        /// The backend's base URL; `/stats` is appended.
        package var backend: HTTPURL
        /// More backends behind the same proxy (a fallback model's), sampled with `backend` and counted as one.
        package var otherBackends: [HTTPURL] = []
        /// Time between samples (default 100 ms).
        package var interval: Duration = .milliseconds(100)
        /// Verdict thresholds.
        package var rules = VerdictRules()
        /// Names the run in output and reports, e.g. `direct` or `litellm`.
        package var label = "run"
        /// The URL the load targets, recorded in the report.
        package var target: String?
        /// Turns the verdict into an assertion.
        package var expectation: VerdictExpectation?
        /// Versions recorded in the report (lab, LiteLLM).
        package var versions: [String: String] = [:]
        /// How long the backend may take to answer the first sample (default 10 s).
        var baselinePatience: Duration = .seconds(10)

        /// Settings with defaults for everything but the backend.
        package init(backend: HTTPURL) { self.backend = backend }
    }

    private let settings: Settings
    private let output: LineWriter
    private let clock: PollingClock
    private var backends: [HTTPURL] { [settings.backend] + settings.otherBackends }

    /// A collector that prints its timeline to `output`, sampling on `clock` (the real one by default).
    package init(settings: Settings, output: LineWriter, clock: PollingClock = .system) {
        self.settings = settings
        self.output = output
        self.clock = clock
    }

    /// Samples until the backend answers (or its patience runs out, or `stopped` says to stop): the counters
    /// the load is measured against.
    package func takeBaseline(stopped: () -> String? = { nil }) -> StatsSample {
        let giveUp = clock.monotonicNanoseconds() + settings.baselinePatience.nanoseconds
        var sample = poll(since: nil)
        while sample.stats == nil && clock.monotonicNanoseconds() < giveUp && stopped() == nil {
            clock.sleep(until: clock.monotonicNanoseconds() + settings.interval.nanoseconds)
            sample = poll(since: nil)
        }
        if let stats = sample.stats {
            let sources = backends.map { $0.appending(path: "/stats").description }.joined(separator: " + ")
            output.write(
                "[\(settings.label)] baseline from \(sources): held \(stats.active), started \(stats.started)"
            )
        }
        return sample
    }

    /// Samples until a verdict is reached, then on for `rules.observe` past the grace window when asked;
    /// `load` returns the load's summary once it has finished; `onSample` sees every poll as it is taken;
    /// `stopped` says why to stop now (a signal), which ends it within one interval with an INCONCLUSIVE
    /// report giving that reason.
    package func observe(
        from baseline: StatsSample, load: () -> LoadSummary?, onSample: (StatsSample) -> Void = { _ in },
        stopped: () -> String? = { nil }
    ) -> VerdictReport {
        var samples: [StatsSample] = []
        var timeline = ActivityTimeline(origin: baseline.at)
        var summary: LoadSummary?
        var decided: Verdict?
        var observeUntil = Double.infinity
        var next = clock.monotonicNanoseconds()
        while true {
            if summary == nil { summary = load() }
            // Once the hang-up is known, every poll also counts the requests that started after it.
            let sample = poll(since: summary?.lastHangUpAt)
            samples.append(sample)
            onSample(sample)
            if let stats = baseline.stats,
                let line = timeline.line(for: sample, baseline: stats, hangUpAt: summary?.lastHangUpAt)
            {
                output.write(line)
            }
            if let reason = stopped() {
                // Stopped before it could decide: no verdict, and the samples taken so far stay in the report.
                let verdict = Verdict(
                    kind: .inconclusive, reason: reason, abandoned: summary?.abandoned ?? 0, seenByBackend: 0,
                    stillHeld: 0)
                return report(verdict, baseline: baseline, samples: samples, load: summary)
            }
            let evidence = VerdictJudge.Evidence(baseline: baseline, samples: samples, load: summary)
            if let verdict = decided {
                if sample.at >= observeUntil {
                    // The cost after an observation is what is held at its end, not at the decision.
                    let held = sample.stats.flatMap { now in baseline.stats.map { now.active - $0.active } }
                    return report(
                        VerdictJudge.review(verdict, evidence), baseline: baseline, samples: samples,
                        load: summary,
                        heldAtEnd: held)
                }
            } else if let verdict = VerdictJudge.decide(evidence, rules: settings.rules, now: sample.at) {
                guard settings.rules.observe > .zero, verdict.kind.isMeasured, let summary else {
                    return report(verdict, baseline: baseline, samples: samples, load: summary)
                }
                decided = verdict
                let hangUp = summary.lastHangUpAt ?? summary.startedAt
                observeUntil =
                    max(sample.at, hangUp + settings.rules.grace.seconds) + settings.rules.observe.seconds
                output.write(
                    "[\(settings.label)] \(verdict.kind.rawValue) so far; observing until "
                        + "\(Format.seconds(observeUntil - hangUp)) after the hang-up (--observe)")
            }
            next += settings.interval.nanoseconds
            let now = clock.monotonicNanoseconds()
            guard next > now else {
                next = now
                continue
            }
            var wake = next
            // A window that ends between two samples is sampled at its end: a verdict is not an interval late.
            if decided == nil, let end = VerdictJudge.windowEnd(evidence, rules: settings.rules) {
                let untilEnd = (end - clock.unixSeconds()) * 1e9
                if untilEnd > 0, untilEnd < Double(next - now) { wake = now + UInt64(untilEnd.rounded(.up)) }
            }
            clock.sleep(until: wake)
        }
    }

    /// One sample of every backend, summed: a failure of any is the sample's failure.
    private func poll(since: Double?) -> StatsSample {
        var total: BackendStats?
        for backend in backends {
            let sample = poll(backend, since: since)
            guard let stats = sample.stats else { return sample }
            total = total.map { $0.adding(stats) } ?? stats
        }
        return StatsSample(at: clock.unixSeconds(), stats: total!)
    }

    private func poll(_ backend: HTTPURL, since: Double?) -> StatsSample {
        do {
            return StatsSample(at: clock.unixSeconds(), stats: try BackendReader(backend).stats(since: since))
        } catch {
            return StatsSample(at: clock.unixSeconds(), error: "\(error)")
        }
    }

    private func report(
        _ verdict: Verdict, baseline: StatsSample, samples: [StatsSample], load: LoadSummary?,
        heldAtEnd: Int? = nil
    ) -> VerdictReport {
        let records = backends.flatMap { (try? BackendReader($0).records()) ?? [] }
        let cost = LeakCost.measure(
            baseline: baseline, samples: samples, records: records, load: load,
            stillHeld: heldAtEnd ?? verdict.stillHeld,
            at: clock.unixSeconds())
        // Which client the cell used (a wall-clock or an arrival client) is part of what was measured.
        var verdict = verdict
        if let load, load.sent > 0, verdict.kind != .notServed { verdict.reason += " (\(load.leaving))" }
        return VerdictReport(
            verdict: verdict.kind, reason: verdict.reason, label: settings.label,
            target: settings.target ?? load?.target,
            backend: backends.map(\.description).joined(separator: " + "), expected: settings.expectation,
            exitCode: verdict.exitCode(expecting: settings.expectation), decision: verdict,
            rules: settings.rules,
            intervalSeconds: settings.interval.seconds, versions: settings.versions, load: load,
            baseline: baseline, samples: samples, cost: cost)
    }
}
