import Foundation
import LabCore
import LabEventLoop
import Synchronization
import LabLoad
import LabVerdict
import LeakLab
import LabRecords

@main
struct CollectorCommand {
    static let usage = """
        Usage: collector --backend URL --load-summary PATH [--ready-file PATH] [--verdict PATH]
                         [--expect leak|no-leak] [--grace S] [--settle S] [--observe S] [--interval S]
                         [--label NAME] [--events PATH]

        Samples the fake backend's /stats, waits for the load client's summary, and decides:
          PASS (exit 0)          every upstream request was released within the grace window, and none was
                                 held or started again during the settle window after that
          LEAK (exit 1)          upstream requests were still held after the grace window, or some started
                                 after the last client had hung up (retries, fallbacks: work for nobody)
          INCONCLUSIVE (exit 2)  the lab could not observe enough; the reason says why
        With --expect the exit status is 0 when the verdict matches, 1 when not, 2 when inconclusive.
        Stopped by SIGINT or SIGTERM, it writes an INCONCLUSIVE verdict saying so and exits 130 or 143.
        The last line printed is always `VERDICT: <kind> <reason>`.

        \(OptionHelp.lines(options, column: 25).joined(separator: "\n"))
        """

    /// The collector's options, as `--help` describes them.
    private static let options: [OptionHelp] =
        [
            .init("--backend", "URL", "the backend's base URL (env BACKEND_URL), e.g. http://127.0.0.1:5001"),
            .init("--load-summary", "PATH", "the load client's JSON summary; waited for"),
            .init(
                "--ready-file", "PATH", "written once the baseline is taken (the load client waits for it)"),
            .init("--verdict", "PATH", "where to write verdict.json"),
            .init("--expect", "WHAT", "leak or no-leak"),
        ] + VerdictRules.optionsHelp + [
            .init("--interval", "SECONDS", "time between samples (default 0.1)"),
            .init("--load-patience", "S", "how long to wait for the load summary (default 120)"),
            .init("--label", "NAME", "names the run in output and verdict.json (default run)"),
            .init(
                "--events", "PATH",
                "append every sample, the verdict and its cost to this events.jsonl (the lab's event schema;"
                    + " several collectors may share one file)"),
        ]

    static func main() {
        CommandMain.run("collector", usage: usage) { options in
            let settings = try Collector.Settings.read(&options)
            guard let summaryPath = try options.string("--load-summary") else {
                throw UsageError("--load-summary PATH is required: the load client's --summary file")
            }
            let readyPath = try options.string("--ready-file")
            let verdictPath = try options.string("--verdict")
            let eventsPath = try options.string("--events")
            try options.finish()

            let events = EventLog(terminal: .standardOutput(timestamps: false), prefix: "collector")
            if let eventsPath { try events.append(to: eventsPath) }

            // Stopped (compose stops its services, Ctrl-C), it still writes why: the sigwait thread only notes the
            // signal, and the sampling loop ends with an INCONCLUSIVE verdict saying so.
            let stoppedBy = Mutex<Int32?>(nil)
            SignalTrap.install { signal in stoppedBy.withLock { $0 = $0 ?? signal } }
            let collector = Collector(settings: settings, output: .standardOutput(timestamps: false))
            let stopReason = {
                stoppedBy.withLock { $0 }.map {
                    "the collector was stopped by \(SignalTrap.name(of: $0)) before it could decide; the samples"
                        + " it took are in this report"
                }
            }
            let baseline = collector.takeBaseline(stopped: stopReason)
            if let readyPath { try FileSignal.raise(readyPath, content: "baseline taken\n") }
            let report = collector.observe(
                from: baseline,
                load: {
                    // A summary older than the baseline is a previous run's, left in a reused folder.
                    (try? JSONCoding.read(LoadSummary.self, from: summaryPath)).flatMap {
                        $0.startedAt >= baseline.at ? $0 : nil
                    }
                },
                onSample: { events.emit(LabEvent(sample: $0, baseline: baseline, cell: settings.label)) },
                stopped: stopReason)
            if let verdictPath { try report.write(to: verdictPath) }
            events.record(report, cell: settings.label)
            print(report.decision.line)
            return stoppedBy.withLock { $0 }.map(SignalTrap.exitStatus(for:)) ?? report.exitCode
        }
    }
}
