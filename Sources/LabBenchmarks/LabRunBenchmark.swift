import Foundation
import LabCore
import LabLoad
import LabRunner

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
        let startedAt = Clock.unixSeconds()
        // SIGTERM lets the lab stop its own backend and proxy before it ends.
        defer { lab.stop(grace: .seconds(10)) }
        var follower = LineFollower(path: outputPath)
        let status = follower.follow(lab)
        let endedAt = Clock.unixSeconds()
        let lastHangUpAt =
            (try? JSONCoding.read(LoadSummary.self, from: "\(runsFolder)/latest/load-summary.json"))?
            .lastHangUpAt
        let verdictLine = follower.lines.last { $0.text.hasPrefix("VERDICT:") }?.text
        guard verdictLine != nil else {
            throw BenchError(
                "lab run ended with \(status) and no verdict; last lines of \(outputPath):\n"
                    + LogFile.tail(outputPath, lines: 10))
        }
        return LabRunTiming(
            litellmVersion: litellmVersion,
            venvWasCached: follower.lines.contains { $0.text.contains("using cached venv") },
            verdictLine: verdictLine, exitStatus: status.description,
            wallSeconds: endedAt - startedAt,
            phases: LabPhases.split(
                lines: follower.lines, startedAt: startedAt, endedAt: endedAt, lastHangUpAt: lastHangUpAt))
    }
}
