@testable import LabBenchmarks
import Testing

/// A report with figures for every section, as a run on a quiet machine might give.
private func sampleReport() -> BenchReport {
    var report = BenchReport(
        date: "2026-11-25T10:00:00.000Z", command: "lab-bench",
        machine: MachineInfo(
            cpu: "AMD EPYC", cores: 2, memoryGiB: 23.5, system: "Debian GNU/Linux 12 (bookworm)",
            kernel: "6.18",
            python: "Python 3.11.7", curl: "curl 7.88.1"), loadAtStart: "0.10 0.20 0.30")
    func hold(_ backend: String, held: Int, resident: Int, cpu: Double, p99: Double) -> HoldResult {
        HoldResult(
            backend: backend, held: held, idleResidentBytes: 4 << 20, residentBytes: resident,
            anonymousBytes: resident / 2,
            cpuSecondsWhileHolding: cpu, quietWindowSeconds: 2, openSeconds: 0.5, hangUpBurstSeconds: 0.02,
            closeDetection: Percentiles([p99 / 2, p99]), cpuSecondsForHangUps: Double(held) * 0.00002)
    }
    report.hold = [
        hold("fake-backend", held: 10_000, resident: 20 << 20, cpu: 0.00004, p99: 0.004),
        hold("asyncio", held: 10_000, resident: 100 << 20, cpu: 0.0002, p99: 0.040),
        hold("fake-backend", held: 1_000, resident: 6 << 20, cpu: 0, p99: 0.001),
    ]
    func load(_ tool: String, requests: Int, window: Double?, cpu: Double) -> LoadMethodResult {
        LoadMethodResult(
            tool: tool, requests: requests, timeoutSeconds: 1, processes: tool == "curl" ? requests : 1,
            timedOut: requests, seenByBackend: requests, launchWindowSeconds: window,
            arrivalSpreadSeconds: 0.01,
            hangUpLateness: Percentiles([0.001, 0.002]), latenessMethod: "test", cpuSeconds: cpu,
            peakResidentBytes: 8 << 20, peakAnonymousBytes: 2 << 20, wallSeconds: 1.1)
    }
    report.load = [
        load("load-client", requests: 10_000, window: 0.3, cpu: 0.2),
        load("load-client", requests: 10, window: 0.0001, cpu: 0.01),
        load("curl", requests: 10, window: nil, cpu: 0.1),
    ]
    report.verdict = [
        VerdictTiming(
            scenario: "direct", expected: .pass, verdicts: [.pass, .pass], graceSeconds: 3,
            afterHangUp: Percentiles([0.12, 0.15]), afterRelease: Percentiles([0.11, 0.14])),
        VerdictTiming(
            scenario: "nginx, proxy_ignore_client_abort on", expected: .leak, verdicts: [.leak],
            graceSeconds: 3,
            afterHangUp: Percentiles([3.1]), afterRelease: nil),
    ]
    report.labRun = LabRunTiming(
        litellmVersion: "1.61.20", venvWasCached: true, verdictLine: "VERDICT: LEAK 10 of 10",
        exitStatus: "exit code 1",
        wallSeconds: 12,
        phases: [LabPhase(name: "backend start", seconds: 0.1), LabPhase(name: "teardown", seconds: 11.9)],
        floorSeconds: 8.5)
    report.installs = [
        InstallTiming(
            installer: "lab install-litellm (uv)", cache: "empty", litellmVersion: "1.61.20", seconds: 6),
        InstallTiming(
            installer: "lab install-litellm (uv)", cache: "warm", litellmVersion: "1.61.20", seconds: 1.2),
        InstallTiming(installer: "pip", cache: "empty", litellmVersion: "1.61.20", seconds: 30),
    ]
    report.commands = [
        CommandTiming(
            name: "matrix", command: "lab matrix --versions 1.61.20", seconds: 80, exitStatus: "exit code 1",
            answer: "114 cells", lateForwardCells: 0),
        CommandTiming(
            name: "bisect, baseline: each release installed in its turn",
            command: "lab bisect --good latest --prefetch 0", seconds: 250, exitStatus: "exit code 0",
            answer: "1 cells"),
        CommandTiming(
            name: "bisect", command: "lab bisect --good latest", seconds: 200, exitStatus: "exit code 0",
            answer: "1 cells"),
    ]
    report.conclude(durationSeconds: 120, loadAtEnd: "0.40 0.30 0.20")
    return report
}

@Suite struct BenchReportTests {
    @Test func ratiosPairTheLabWithItsPeerAtTheSameSizeOnly() {
        let report = sampleReport()
        let memory = report.ratios.filter { $0.metric == "resident memory" }
        #expect(memory.count == 1)
        #expect(memory.first?.scale == "10,000 held")
        #expect(memory.first?.value == 5)
        let cpu = report.ratios.filter { $0.metric == "CPU" }
        #expect(cpu.map(\.scale) == ["10 requests"])
        #expect(cpu.first.flatMap(\.value).map { abs($0 - 10) < 1e-9 } == true)
        let install = report.ratios.filter { $0.metric == "install into empty caches" }
        #expect(install.map(\.value) == [5], "pip's cold install beside the lab's, not its warm one")
    }

    @Test func aZeroLabFigureHasNoRatio() {
        let ratio = BenchRatio(
            metric: "CPU while holding", scale: "1,000 held", lab: 0, peer: 0.001, peerName: "asyncio",
            unit: .seconds)
        #expect(ratio.value == nil)
    }

    @Test func targetsAreReportedMetOrNotNeverAsserted() {
        let targets = sampleReport().targets
        // Install under 10 s, matrix under 90 s, bisect not under 2 minutes, the run 3.5 s over its floor.
        #expect(targets.map(\.met) == [true, true, true, false, true, true, true, false, false])
        #expect(targets[3].measured == "300.0 ms")
        #expect(targets[8].measured == "12.00 s, floor 8.50 s: 3.50 s over")
    }

    @Test func aCommandTargetIsMeasuredByItsRunBesideItsBaselineFromTheSameRun() {
        let targets = sampleReport().targets
        let bisect = targets.first { $0.target.hasPrefix("bisect") }
        #expect(
            bisect?.measured
                == "200.00 s (1 cells); each release installed in its turn, same run: 250.00 s (1.2×)")
        #expect(bisect?.met == false, "judged by the run, not by its baseline")
        let matrix = targets.first { $0.target.hasPrefix("matrix") }
        #expect(matrix?.measured == "80.00 s (114 cells)", "no baseline run: none shown")
    }

    @Test func aFastMatrixWithACellForwardedLateMissesItsTarget() {
        var report = sampleReport()
        report.commands[0].lateForwardCells = 1
        report.conclude(durationSeconds: 1, loadAtEnd: "")
        #expect(report.targets.first { $0.target.hasPrefix("matrix") }?.met == false)
    }

    @Test func targetsWithoutFiguresAreNotApplicable() {
        var report = sampleReport()
        report.hold = []
        report.conclude(durationSeconds: 1, loadAtEnd: "")
        #expect(report.targets.prefix(3).allSatisfy { $0.met == nil && $0.measured == "not measured" })
    }

    @Test func markdownHasEverySectionAndTheCommand() {
        let text = sampleReport().markdown
        for heading in [
            "# Benchmarks", "## Targets", "## Backend holding requests", "## Load:", "## Ratios",
            "## Time to verdict",
            "## Whole `lab run` (LiteLLM 1.61.20, warm venv)", "## Installs (LiteLLM 1.61.20)",
            "## Whole commands",
        ] {
            #expect(text.contains(heading), "missing \(heading)")
        }
        #expect(text.contains("`lab-bench`"))
        #expect(text.contains("| 10,000 requests launched within 250 ms | 300.0 ms | **no** |"))
        #expect(text.contains("| direct | PASS | 2× PASS |"))
        #expect(text.contains("| over the floor | 3.50 s |"))
        #expect(!text.contains("## Failures"))
    }

    @Test func failuresAreListedOnOneLineEach() {
        var report = sampleReport()
        report.failures = ["hold asyncio 10,000: did not answer\nlast lines"]
        #expect(
            report.markdown.contains("## Failures\n\n- hold asyncio 10,000: did not answer / last lines\n"))
    }
}
