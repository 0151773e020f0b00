@testable import LabBackend
@testable import LabCore
@testable import LabLoad
import LabTestSupport
@testable import LabVerdict
@testable import LabRecords

/// A collector run on a manual clock against scripted stats: ten clients hang up `hangUp` seconds in, and
/// the collector samples every 0.125 s (a binary fraction, so every sample falls exactly on its moment).
struct ScheduledCollection {
    /// When the clients hang up, seconds after the baseline.
    static let hangUp = 1.0

    let clock = ManualClock()
    var rules = VerdictRules()
    /// How long the baseline waits for the backend; nil for the collector's default.
    var baselinePatience: Duration?
    /// Where the collector's timeline goes.
    var transcript = "/dev/null"
    /// Whether the load ever reports; a load that never does tests the load's patience.
    var loadFinishes = true
    /// For an arrival client's load (`--timeout-from arrival`): how many requests never became known to have
    /// arrived and were left at the 30 s limit; nil for a wall-clock client's load.
    var leftBeforeArrival: Int?

    /// The Unix seconds `seconds` after the collector started.
    func at(_ seconds: Double) -> Double { clock.unixSeconds(at: seconds) }

    /// A collector of `script`'s stats, handed to `body`.
    func collector<Result>(
        _ script: @escaping @Sendable (Double) -> BackendStats?, _ body: (Collector) throws -> Result
    ) throws -> Result {
        let stats = try ScriptedStats(clock: clock, script: script)
        defer { stats.stop() }
        var settings = Collector.Settings(backend: stats.base)
        settings.interval = .milliseconds(125)
        settings.rules = rules
        settings.baselinePatience = baselinePatience ?? settings.baselinePatience
        return try body(
            Collector(
                settings: settings, output: try LineWriter(appendingTo: transcript, timestamps: false),
                clock: clock.polling))
    }

    /// Baseline, then samples until the verdict (and past it for `rules.observe`).
    func report(_ script: @escaping @Sendable (Double) -> BackendStats?) throws -> VerdictReport {
        var load = LoadSummary(
            target: "http://127.0.0.1:4000/v1/chat/completions", requests: 10, timeoutSeconds: 1,
            startedAt: at(0))
        (load.sent, load.timedOut, load.lastHangUpAt) = (10, 10, at(Self.hangUp))
        if let leftBeforeArrival {
            (load.arrivalLimitSeconds, load.arrived, load.leftBeforeArrival) = (
                30, 10 - leftBeforeArrival, leftBeforeArrival
            )
        }
        let (clock, finishes) = (clock, loadFinishes)
        return try collector(script) { collector in
            collector.observe(from: collector.takeBaseline()) {
                finishes && clock.elapsed >= Self.hangUp ? load : nil
            }
        }
    }
}
