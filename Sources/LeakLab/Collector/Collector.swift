import Foundation

/// Samples the backend's `/stats` on a fixed interval and decides the verdict once the evidence allows.
///
/// ```swift
/// let collector = Collector(settings: .init(backend: backendURL), output: .standardOutput(timestamps: false))
/// let baseline = collector.takeBaseline()
/// // ... start the load ...
/// let report = collector.observe(from: baseline) { loadSummaryIfFinished() }
/// print(report.decision.line)
/// ```
public struct Collector {
    /// Where to sample, how often, and how to judge.
    public struct Settings: Sendable {
        /// The backend's base URL; `/stats` is appended.
        public var backend: HTTPURL
        /// Time between samples (default 100 ms).
        public var interval: Duration = .milliseconds(100)
        /// Verdict thresholds.
        public var rules = VerdictRules()
        /// Names the run in output and reports, e.g. `direct` or `litellm`.
        public var label = "run"
        /// The URL the load targets, recorded in the report.
        public var target: String?
        /// Turns the verdict into an assertion.
        public var expectation: VerdictExpectation?
        /// Versions recorded in the report (lab, LiteLLM).
        public var versions: [String: String] = [:]
        /// How long the backend may take to answer the first sample (default 10 s).
        public var baselinePatience: Duration = .seconds(10)

        /// Settings with defaults for everything but the backend.
        public init(backend: HTTPURL) { self.backend = backend }
    }

    private let settings: Settings
    private let output: LineWriter
    private let statsURL: HTTPURL

    /// A collector that prints its timeline to `output`.
    public init(settings: Settings, output: LineWriter) {
        self.settings = settings
        self.output = output
        statsURL = settings.backend.appending(path: "/stats")
    }

    /// Samples until the backend answers (or its patience runs out): the counters the load is measured against.
    public func takeBaseline() -> StatsSample {
        let giveUp = Clock.monotonicNanoseconds() + settings.baselinePatience.nanoseconds
        var sample = poll()
        while sample.stats == nil && Clock.monotonicNanoseconds() < giveUp {
            Thread.sleep(forTimeInterval: settings.interval.seconds)
            sample = poll()
        }
        if let stats = sample.stats {
            output.write(
                "[\(settings.label)] baseline from \(statsURL): held \(stats.active), started \(stats.started)"
            )
        }
        return sample
    }

    /// Samples until a verdict is reached; `load` returns the load's summary once it has finished.
    public func observe(from baseline: StatsSample, load: () -> LoadSummary?) -> VerdictReport {
        var samples: [StatsSample] = []
        var timeline = ActivityTimeline(origin: baseline.at)
        var summary: LoadSummary?
        var next = Clock.monotonicNanoseconds()
        while true {
            if summary == nil { summary = load() }
            let sample = poll()
            samples.append(sample)
            if let stats = baseline.stats,
                let line = timeline.line(for: sample, baseline: stats, hangUpAt: summary?.lastHangUpAt)
            {
                output.write(line)
            }
            let evidence = VerdictJudge.Evidence(baseline: baseline, samples: samples, load: summary)
            if let verdict = VerdictJudge.decide(evidence, rules: settings.rules, now: sample.at) {
                return report(verdict, baseline: baseline, samples: samples, load: summary)
            }
            next += settings.interval.nanoseconds
            let now = Clock.monotonicNanoseconds()
            if next > now { Thread.sleep(forTimeInterval: Double(next - now) / 1e9) } else { next = now }
        }
    }

    private func poll() -> StatsSample {
        do {
            let response = try HTTPFetch.get(statsURL, timeout: .seconds(1))
            guard response.head.status.code == 200 else {
                return StatsSample(
                    at: Clock.unixSeconds(), error: "GET \(statsURL): status \(response.head.status.code)")
            }
            let stats = try JSONCoding.decode(BackendStats.self, from: Data(response.body))
            return StatsSample(at: Clock.unixSeconds(), stats: stats)
        } catch {
            return StatsSample(at: Clock.unixSeconds(), error: "\(error)")
        }
    }

    private func report(_ verdict: Verdict, baseline: StatsSample, samples: [StatsSample], load: LoadSummary?)
        -> VerdictReport
    {
        let records =
            (try? HTTPFetch.get(settings.backend.appending(path: "/requests"), timeout: .seconds(2)))
            .flatMap { try? JSONCoding.decode([RequestRecord].self, from: Data($0.body)) } ?? []
        let cost = LeakCost.measure(
            baseline: baseline, samples: samples, records: records, load: load, stillHeld: verdict.stillHeld,
            at: Clock.unixSeconds())
        return VerdictReport(
            verdict: verdict.kind, reason: verdict.reason, label: settings.label,
            target: settings.target ?? load?.target,
            backend: settings.backend.description, expected: settings.expectation,
            exitCode: verdict.exitCode(expecting: settings.expectation), decision: verdict,
            rules: settings.rules,
            intervalSeconds: settings.interval.seconds, versions: settings.versions, load: load,
            baseline: baseline, samples: samples, cost: cost)
    }
}
