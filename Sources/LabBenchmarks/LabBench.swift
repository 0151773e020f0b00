import Foundation
import LabCore
import LabInstalls
import LabRecords
import LeakLab

/// The whole benchmark of issue 6: each section in turn, every process a scenario starts stopped before
/// the next one begins, and a failed scenario recorded in the report instead of ending the run.
///
/// ```swift
/// let report = LabBench(settings: .init(tools: tools, command: "make bench"), output: .standardOutput()).run()
/// try report.markdown.write(toFile: "bench/results.md", atomically: true, encoding: .utf8)
/// ```
package struct LabBench {
    /// A part of the benchmark, runnable alone with `--only`.
    package enum Section: String, CaseIterable, Sendable {
        /// Backends holding requests: memory, CPU, close detection.
        case hold
        /// Load methods: launch window, lateness, CPU, memory.
        case load
        /// Time to verdict, PASS and LEAK.
        case verdict
        /// One whole `lab run` against the real LiteLLM.
        case lab
        /// LiteLLM installed into empty caches: the lab's installer against pip.
        case install
        /// `lab matrix` of six releases × every scenario, venvs warm.
        case matrix
        /// `lab bisect` from 1.61.20 to the newest release, caches empty.
        case bisect
    }

    /// What to measure and with what; defaults are issue 6's sizes.
    package struct Settings: Sendable {
        /// The programs.
        package var tools: BenchTools
        /// The command line, recorded in the report.
        package var command: String
        /// The sections to run (default all).
        package var sections = Section.allCases
        /// The first loopback port scenarios may use (default 5100, clear of the lab's 5001 and 4000).
        package var basePort = 5100
        /// Requests held at once by each backend (default 1,000 and 10,000).
        var holdSizes = [1_000, 10_000]
        /// Requests fired by `load-client` (default 10, 1,000 and 10,000).
        var loadClientSizes = [10, 1_000, 10_000]
        /// Requests fired as one curl each (default 10 and 1,000).
        var curlSizes = [10, 1_000]
        /// How long a backend is left alone with its held requests (default 2 s).
        var quietWindow: Duration = .seconds(2)
        /// Repetitions of each PASS scenario (default 5).
        var passRuns = 5
        /// Repetitions of the LEAK scenario, 3 s of grace each (default 3).
        var leakRuns = 3
        /// The releases of the matrix section (six, spread over the range the lab knows).
        var matrixVersions = ["1.61.20", "1.83.11", "1.88.5", "1.90.0", "1.99.2", "1.110.2"]
        /// The LiteLLM release of the whole-run section (default the reported one).
        package var litellmVersion = LiteLLMVersion.reported

        /// Settings with the defaults.
        package init(tools: BenchTools, command: String) {
            self.tools = tools
            self.command = command
        }
    }

    private let settings: Settings
    private let output: LineWriter

    /// A benchmark of `settings` printing progress to `output`.
    package init(settings: Settings, output: LineWriter) {
        self.settings = settings
        self.output = output
    }

    /// Runs every section and returns the report, failures included.
    ///
    /// - Throws: Only when the work folder cannot be made; scenario failures end up in the report.
    package func run() throws -> BenchReport {
        let started = LabClock.monotonicNanoseconds()
        // Each process holds one socket per request at most, plus its files and listeners.
        let needed =
            (settings.holdSizes + settings.loadClientSizes + settings.curlSizes).max().map { $0 + 1024 } ?? 0
        let limit = FileLimit.raise(to: needed)
        if limit < needed {
            say(
                "warning: the open-file limit is \(limit), below the \(needed) the largest scenario needs: raise `ulimit -n`"
            )
        }
        // Every connection a run opens keeps a tracking entry for minutes after it closed.
        let connections =
            2 * settings.holdSizes.reduce(0, +) + settings.loadClientSizes.reduce(0, +)
            + settings.curlSizes.reduce(0, +) + 5_000
        let tracking = ConnectionTracking.waitForRoom(connections, patience: .seconds(150), say: say)
        var template = Array((FileManager.default.temporaryDirectory.path + "/lab-bench-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else {
            throw BenchError("cannot create a work folder: \(SystemError("mkdtemp"))")
        }
        let work = String(cString: created)
        say("work folder \(work); open-file limit \(limit)")

        var report = BenchReport(
            date: LabClock.iso8601(LabClock.unixSeconds()), command: settings.command,
            machine: MachineInfo.current(tools: settings.tools), loadAtStart: MachineInfo.loadAverage())
        report.connectionTracking = tracking?.description
        let ports = PortAllocator(base: settings.basePort)
        for section in settings.sections {
            switch section {
            case .hold: hold(into: &report, ports: ports, work: work)
            case .load: load(into: &report, ports: ports, work: work)
            case .verdict: verdict(into: &report, ports: ports, work: work)
            case .lab: labRun(into: &report, ports: ports, work: work)
            case .install: install(into: &report, work: work)
            case .matrix, .bisect: command(section, into: &report, work: work)
            }
        }
        report.conclude(
            durationSeconds: Double(LabClock.monotonicNanoseconds() - started) / 1e9,
            loadAtEnd: MachineInfo.loadAverage())
        // Logs of a failed scenario are the only way to see why: kept then, removed otherwise.
        if report.failures.isEmpty {
            try? FileManager.default.removeItem(atPath: work)
        } else {
            say("logs kept in \(work)")
        }
        return report
    }

    private func hold(into report: inout BenchReport, ports: PortAllocator, work: String) {
        let bench = HoldBenchmark(tools: settings.tools, quietWindow: settings.quietWindow)
        for held in settings.holdSizes {
            for kind in BenchBackend.Kind.allCases {
                let result = attempt(
                    "hold \(kind.rawValue) \(BenchFormat.count(held))", failures: &report.failures
                ) {
                    try bench.run(
                        kind, held: held, port: try ports.take(), log: "\(work)/hold-\(kind)-\(held).log")
                } describe: {
                    "\(BenchFormat.mebibytes($0.residentBytes)), CPU \(BenchFormat.duration($0.cpuSecondsWhileHolding)) "
                        + "in \(Format.seconds($0.quietWindowSeconds)), close detection "
                        + "p50 \(Self.duration($0.closeDetection?.p50)) p99 \(Self.duration($0.closeDetection?.p99))"
                }
                if let result { report.hold.append(result) }
            }
        }
    }

    private func load(into report: inout BenchReport, ports: PortAllocator, work: String) {
        let bench = LoadBenchmark(tools: settings.tools, workFolder: work)
        let runs =
            settings.loadClientSizes.map { (method: LoadBenchmark.Method.loadClient, requests: $0) }
            + settings.curlSizes.map { (method: LoadBenchmark.Method.curl, requests: $0) }
        for (method, requests) in runs {
            let name = "load \(method.rawValue) \(BenchFormat.count(requests))"
            let result = attempt(name, failures: &report.failures) {
                let port = try ports.take()
                switch method {
                case .loadClient: return try bench.loadClient(requests: requests, port: port)
                case .curl: return try bench.curl(requests: requests, port: port)
                }
            } describe: {
                "arrivals within \(Self.duration($0.arrivalSpreadSeconds)), lateness p99 "
                    + "\(Self.duration($0.hangUpLateness?.p99)), CPU \(BenchFormat.duration($0.cpuSeconds)), "
                    + "peak \(BenchFormat.mebibytes($0.peakResidentBytes))"
            }
            if let result { report.load.append(result) }
        }
    }

    private func verdict(into report: inout BenchReport, ports: PortAllocator, work: String) {
        let bench = VerdictBenchmark(tools: settings.tools, workFolder: work)
        for scenario in VerdictBenchmark.Scenario.allCases {
            let runs = scenario.expected == .leak ? settings.leakRuns : settings.passRuns
            let timing = attempt("time to verdict, \(scenario.name)", failures: &report.failures) {
                try bench.run(scenario, runs: runs, ports: ports)
            } describe: {
                "\($0.verdicts.map(\.rawValue).joined(separator: " ")), after the last hang-up "
                    + "p50 \(Self.duration($0.afterHangUp?.p50)), worst \(Self.duration($0.afterHangUp?.max))"
            }
            if let timing { report.verdict.append(timing) }
        }
    }

    private func labRun(into report: inout BenchReport, ports: PortAllocator, work: String) {
        let bench = LabRunBenchmark(
            tools: settings.tools, workFolder: work, litellmVersion: settings.litellmVersion)
        report.labRun = attempt(
            "whole lab run, LiteLLM \(settings.litellmVersion)", failures: &report.failures
        ) {
            try bench.run(backendPort: try ports.take(), proxyPort: try ports.take())
        } describe: {
            "\(Format.seconds($0.wallSeconds)): "
                + $0.phases.map { "\($0.name) \(Format.seconds($0.seconds))" }.joined(separator: ", ")
        }
    }

    private func install(into report: inout BenchReport, work: String) {
        let bench = InstallBenchmark(
            tools: settings.tools, workFolder: work, litellmVersion: settings.litellmVersion)
        report.installs =
            attempt(
                "LiteLLM \(settings.litellmVersion) into empty caches, lab and pip",
                failures: &report.failures
            ) {
                try bench.run()
            } describe: {
                $0.map { "\($0.installer) (\($0.cache) cache) \(Format.seconds($0.seconds))" }.joined(
                    separator: ", ")
            } ?? []
    }

    /// A whole matrix (its venvs installed first, so that it measures warm) or a bisect (caches of its own,
    /// empty): the commands of issues 13 and 26, timed, each beside its baseline in the same run (every client
    /// leaving at the wall clock; no installs ahead).
    private func command(_ section: Section, into report: inout BenchReport, work: String) {
        let bench = CommandBenchmark(tools: settings.tools, workFolder: work)
        var runs: [(name: String, arguments: [String])] = []
        var environment: [String: String] = [:]
        if section == .matrix {
            let matrix = [
                "matrix", "--versions", settings.matrixVersions.joined(separator: ","), "--scenarios", "all",
            ]
            let name = "matrix, \(settings.matrixVersions.count) releases × every scenario, warm venvs"
            // The target is the matrix a user gets; its baseline is the way a matrix went before issue 26: every
            // client leaving at the wall clock (so the proxy is handed only a few loads at once), one build at a time.
            runs = [
                (
                    "\(name), \(CommandTiming.baselineMark): every client leaves at the wall clock, one build at a time",
                    matrix + ["--timeout-from", "sending", "--versions-at-once", "1"]
                ),
                (name, matrix),
            ]
            let installer = LiteLLMInstaller()
            for version in settings.matrixVersions {
                guard
                    attempt(
                        "warming the venv of \(version)", failures: &report.failures,
                        {
                            try installer.ensure(
                                build: .release(try LiteLLMVersion(version)), dependencies: .init(),
                                log: "\(work)/warm-\(version).log", progress: { _ in })
                        }, describe: { _ in "ready" }) != nil
                else { return }
            }
        } else {
            let bisect = [
                "bisect", "--good", "latest", "--bad", "1.61.20", "--scenario", "chat", "--setting",
                "general_settings.cancel_on_disconnect=true",
            ]
            let name = "bisect, 1.61.20 → newest, chat with cancel_on_disconnect, empty caches"
            runs = [
                (
                    "\(name), \(CommandTiming.baselineMark): one release a round (a search in halves), the next "
                        + "ones installed ahead",
                    bisect + ["--versions-at-once", "1"]
                ),
                ("\(name), as many releases a round as cores", bisect),
            ]
            environment = [
                "LAB_CACHE_DIR": "\(work)/bisect-cache/lab", "UV_CACHE_DIR": "\(work)/bisect-cache/uv",
            ]
        }
        for (name, arguments) in runs {
            // Each bisect starts from empty caches.
            try? FileManager.default.removeItem(atPath: "\(work)/bisect-cache")
            if let timing = attempt(
                name, failures: &report.failures,
                {
                    try bench.run(name, arguments, environment: environment)
                }, describe: { "\(Format.seconds($0.seconds)): \($0.answer)" })
            {
                report.commands.append(timing)
            }
        }
        try? FileManager.default.removeItem(atPath: "\(work)/bisect-cache")
    }

    /// Runs one scenario and prints its one-line result, or records why it failed and returns nil.
    private func attempt<Result>(
        _ name: String, failures: inout [String], _ body: () throws -> Result, describe: (Result) -> String
    ) -> Result? {
        say("\(name) ...")
        do {
            let result = try body()
            say("\(name): \(describe(result))")
            return result
        } catch {
            say("\(name) FAILED: \(error)")
            failures.append("\(name): \(error)")
            return nil
        }
    }

    private func say(_ message: String) { output.write("[bench] \(message)") }

    private static func duration(_ seconds: Double?) -> String { seconds.map(BenchFormat.duration) ?? "n/a" }
}
