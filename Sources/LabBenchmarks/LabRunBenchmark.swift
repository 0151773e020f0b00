import Foundation
import LabCore
import LabLoad
import LabProcesses
import LabVerdict
import LeakLab

/// Times one whole `lab run` (the real LiteLLM from the cached venv) and splits it by phase.
struct LabRunBenchmark {
    /// Where the programs are.
    let tools: BenchTools
    /// Where the run folder and the lab's output go.
    let workFolder: String
    /// The release to run, as `lab run --litellm-version` takes it.
    let litellmVersion: String

    /// Runs `lab run` on its own ports and returns its timing.
    func run(backendPort: Int, proxyPort: Int) throws -> LabRunTiming {
        let runsFolder = "\(workFolder)/lab-runs"
        let outputPath = "\(workFolder)/lab-run.out"
        let lab = try ChildProcess.spawn(
            .init(
                tools.lab,
                [
                    "run", "--litellm-version", litellmVersion, "--backend-port", String(backendPort),
                    "--proxy-port", String(proxyPort), "--runs-dir", runsFolder,
                ], log: .file(outputPath)))
        let startedAt = LabClock.unixSeconds()
        // SIGTERM lets the lab stop its own backend and proxy before it ends.
        defer { lab.stop(grace: .seconds(10)) }
        let status = lab.waitForExit()
        let endedAt = LabClock.unixSeconds()
        let folder = "\(runsFolder)/latest"
        guard let report = try? JSONCoding.read(VerdictReport.self, from: "\(folder)/verdict.json") else {
            throw BenchError(
                "lab run ended with \(status) and no verdict.json; last lines of \(outputPath):\n"
                    + LogFile.tail(outputPath, lines: 10))
        }
        let events = LogFile.text("\(folder)/events.jsonl", from: 0).split(separator: "\n").compactMap {
            try? JSONCoding.decode(LabEvent.self, from: Data($0.utf8))
        }
        let floor = LabPhases.proxyStartSeconds(events: events).map { start in
            start + (report.load?.timeoutSeconds ?? 0) + report.rules.grace.seconds
                + (report.verdict == .pass ? report.rules.settle.seconds : 0)
        }
        return LabRunTiming(
            litellmVersion: litellmVersion,
            venvWasCached: events.contains { $0.event == .install && $0.status == "cached" },
            verdictLine: report.decision.line, exitStatus: status.description,
            wallSeconds: endedAt - startedAt,
            phases: LabPhases.split(
                events: events, startedAt: startedAt, endedAt: endedAt,
                lastHangUpAt: report.load?.lastHangUpAt),
            floorSeconds: floor)
    }
}
