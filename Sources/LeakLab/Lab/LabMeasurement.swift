import Foundation
import LabCore
import LabLoad
import LabVerdict
import LabWire
import Synchronization
import LabRecords

/// One measured load: baseline, load on its own thread, samples until the verdict.
struct LabMeasurement {
    let label: String
    let plan: LoadPlan
    let backend: HTTPURL
    /// Backends the proxy may also reach for this load (a fallback model's): counted with `backend`.
    var otherBackends: [HTTPURL] = []
    let settings: LabSettings
    let expectation: VerdictExpectation?
    let versions: [String: String]
    let output: LineWriter
    /// Where each poll is recorded as a `sample` event, named `cell`.
    var events: EventLog? = nil
    var cell = ""
    /// Why to stop sampling now (an interruption), which ends the measurement within one interval.
    var stopped: @Sendable () -> String? = { nil }
    /// When the load may begin, among the cells sharing its proxy; at once without one.
    var turn: LoadTurn? = nil

    /// Runs the load plan while sampling the backend, and returns the verdict's report.
    func run() -> VerdictReport {
        var collectorSettings = settings.collectorSettings(
            backend: backend, label: label, expectation: expectation)
        collectorSettings.otherBackends = otherBackends
        collectorSettings.target = plan.target.description
        collectorSettings.versions = versions
        let collector = Collector(settings: collectorSettings, output: output)
        // Before the baseline: the collector's patience with the load counts from it.
        turn?.begin()
        let baseline = collector.takeBaseline(stopped: stopped)

        let result = LoadResult()
        let thread = Thread { [turn] in
            result.finish(Self.runLoad(plan, onPastTheProxy: { turn?.pastTheProxy() }))
            turn?.loadEnded()
        }
        thread.name = "load-\(label)"
        output.write(
            "[\(label)] \(plan.requests) \(plan.stream ? "streaming " : "")requests at \(plan.target), "
                + (plan.timeoutFrom == .arrival
                    ? "given up by \(plan.behaviour) at most \(Format.seconds(plan.timeout.seconds)) after each "
                        + "reached the backend (or \(Format.seconds(plan.arrivalLimit.seconds)) after it was sent, if it "
                        + "never does)"
                    : "given up by \(plan.behaviour) after at most \(Format.seconds(plan.timeout.seconds))"))
        thread.start()
        let report = collector.observe(
            from: baseline, load: { result.summary },
            onSample: { sample in events?.emit(LabEvent(sample: sample, baseline: baseline, cell: cell)) },
            stopped: stopped)
        if let summary = report.load { output.write("[\(label)] load: \(summary.oneLine)") }
        guard let probe = slotProbe else { return report }
        output.write(
            "[\(label)] slot probe: one request as a new user would send it, at the end of the grace window, "
                + "given up after \(Format.seconds(probe.patience.seconds))")
        var probed = report
        probed.slotProbe = probe.run(after: report)
        return probed
    }

    /// With slots, the probe that follows a load through a proxy; none for the direct control, whose load goes
    /// straight to the backend and so has nothing in between to hold a slot.
    private var slotProbe: SlotProbe? {
        guard settings.load.slots != nil, plan.target.hostHeader != backend.hostHeader else { return nil }
        return SlotProbe(
            following: plan, backend: backend, patience: settings.load.probePatience,
            grace: settings.judging.rules.grace)
    }

    /// A load that could not run at all becomes a summary saying so, which the verdict reports as INCONCLUSIVE.
    private static func runLoad(_ plan: LoadPlan, onPastTheProxy: @escaping () -> Void) -> LoadSummary {
        do {
            return try LoadClient.run(plan, onPastTheProxy: onPastTheProxy)
        } catch {
            var summary = LoadSummary(
                target: plan.target.description, requests: plan.requests,
                timeoutSeconds: plan.timeout.seconds,
                startedAt: LabClock.unixSeconds())
            summary.otherErrors["could not start: \(error)"] = plan.requests
            summary.finishedAt = summary.startedAt
            return summary
        }
    }
}

/// Hands the load thread's summary to the collector's loop.
private final class LoadResult: Sendable {
    private let value = Mutex<LoadSummary?>(nil)

    func finish(_ summary: LoadSummary) { value.withLock { $0 = summary } }
    var summary: LoadSummary? { value.withLock { $0 } }
}
