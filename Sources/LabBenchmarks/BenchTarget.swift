import LabCore
import LeakLab

/// One target of the benchmark issues (6, 13 and 26) and whether this run met it: reported, never asserted.
package struct BenchTarget: Codable, Sendable, Equatable {
    /// The target as the issue states it.
    package var target: String
    /// The figure measured against it.
    package var measured: String
    /// Whether it was met; nil when the run did not measure it.
    package var met: Bool?

    /// The issue's targets, checked against `report`'s figures.
    static func check(_ report: BenchReport) -> [BenchTarget] {
        let held = report.hold.first {
            $0.backend == BenchBackend.Kind.fakeBackend.rawValue && $0.held == 10_000
        }
        let launch = report.load.first {
            $0.tool == LoadBenchmark.Method.loadClient.rawValue && $0.requests == 10_000
        }?
        .launchWindowSeconds
        let pass = report.verdict.first {
            $0.expected == .pass && $0.scenario == VerdictBenchmark.Scenario.direct.name
        }
        let coldInstall = report.installs.first {
            $0.installer == InstallBenchmark.Installer.lab.rawValue && $0.cache == "empty"
        }
        func command(_ name: String) -> (CommandTiming, baseline: CommandTiming?)? {
            let runs = report.commands.filter { $0.command.hasPrefix("lab \(name)") }
            return runs.first { !$0.isBaseline }.map { ($0, runs.first(where: \.isBaseline)) }
        }
        /// `256.0 s (answer); baseline, same run: 298.0 s (1.16×)`.
        func measured(_ run: (CommandTiming, baseline: CommandTiming?)?) -> String {
            guard let (timing, baseline) = run else { return "not measured" }
            return "\(Format.seconds(timing.seconds)) (\(timing.answer))"
                + (baseline.map {
                    "; \($0.name.components(separatedBy: "baseline: ").last ?? "baseline"), same run: "
                        + "\(Format.seconds($0.seconds)) (\(BenchFormat.ratio($0.seconds / timing.seconds)))"
                } ?? "")
        }
        let matrix = command("matrix")
        let bisect = command("bisect")
        // A clock tick (10 ms) is what top and ps can see: below it, holding costs nothing they can show.
        let tick = 0.01
        return [
            BenchTarget(
                target: "10,000 held requests in under 64 MiB resident",
                measured: held.map {
                    "\(BenchFormat.mebibytes($0.residentBytes)) (own \(BenchFormat.mebibytes($0.anonymousBytes)))"
                } ?? "not measured",
                met: held.map { $0.residentBytes < 64 * 1_048_576 }),
            BenchTarget(
                target: "no measurable CPU while holding 10,000 (under one 10 ms clock tick)",
                measured: held.map {
                    "\(BenchFormat.duration($0.cpuSecondsWhileHolding)) in \(Format.seconds($0.quietWindowSeconds))"
                } ?? "not measured",
                met: held.map { $0.cpuSecondsWhileHolding < tick }),
            BenchTarget(
                target: "close detection p99 under 10 ms at 10,000 simultaneous hang-ups",
                measured: held?.closeDetection.map { BenchFormat.duration($0.p99) } ?? "not measured",
                met: held?.closeDetection.map { $0.p99 < 0.010 }),
            BenchTarget(
                target: "10,000 requests launched within 250 ms",
                measured: launch.map(BenchFormat.duration) ?? "not measured",
                met: launch.map { $0 < 0.250 }),
            BenchTarget(
                target: "PASS printed within 200 ms of the settle window's end (last release + 2 s)",
                measured: pass?.afterRelease.map {
                    "p50 \(BenchFormat.duration($0.p50)), worst \(BenchFormat.duration($0.max)) of \($0.count) runs"
                } ?? "not measured",
                met: pass?.afterRelease.map { $0.max < 0.200 }),
            BenchTarget(
                target: "cold install of one release under 10 s into an empty cache",
                measured: coldInstall.map { "\(Format.seconds($0.seconds)) (LiteLLM \($0.litellmVersion))" }
                    ?? "not measured",
                met: coldInstall.map { $0.seconds < 10 }),
            BenchTarget(
                target:
                    "matrix of 6 releases × every scenario under 90 s, venvs warm, no cell INCONCLUSIVE from "
                    + "forwarding late",
                measured: measured(matrix),
                met: matrix.map { $0.0.seconds < 90 && $0.0.lateForwardCells == 0 }),
            BenchTarget(
                target: "bisect 1.61.20 → newest from empty caches under 2 minutes",
                measured: measured(bisect),
                met: bisect.map { $0.0.seconds < 120 }),
            BenchTarget(
                target: "a warm `lab run` within 1.5 s of its floor (proxy start + client timeout + grace)",
                measured: report.labRun.flatMap { run in
                    run.floorSeconds.map {
                        "\(Format.seconds(run.wallSeconds)), floor \(Format.seconds($0)): "
                            + "\(Format.seconds(run.wallSeconds - $0)) over"
                    }
                } ?? "not measured",
                met: report.labRun.flatMap { run in
                    run.floorSeconds.map { run.venvWasCached && run.wallSeconds - $0 < 1.5 }
                }),
        ]
    }
}
