import Foundation
import LabCore
import LabReporting
import LabProcesses
import LabVerdict

/// How long one whole lab command took (a matrix, a bisect), and what it answered.
package struct CommandTiming: Codable, Sendable, Equatable {
    /// What it measures, e.g. `matrix, 6 releases × every scenario, warm venvs`.
    package var name: String
    /// The command line.
    package var command: String
    /// From its start to its exit, seconds.
    package var seconds: Double
    /// How it ended.
    package var exitStatus: String
    /// Its answer: the verdicts of its cells, or its last line.
    package var answer: String
    /// How many of its cells were INCONCLUSIVE because their requests reached the backend late or never (nil in
    /// results written before they were counted).
    package var lateForwardCells: Int? = nil

    /// In a name, marks the run a target's run is compared with.
    static let baselineMark = "baseline"

    /// Whether it is a baseline run.
    var isBaseline: Bool { name.contains(Self.baselineMark) }
}

/// Runs a whole `lab` command on its own runs folder and times it: the matrix and the bisect of issues 13 and 26.
struct CommandBenchmark {
    let tools: BenchTools
    let workFolder: String

    /// Runs `lab arguments...` (with `environment` over the lab's own) and returns its timing; a command that
    /// ends without a report of its cells is a failure, with its output's tail.
    func run(_ name: String, _ arguments: [String], environment extra: [String: String] = [:]) throws
        -> CommandTiming
    {
        // The whole name: a target and its baseline differ only in their ends, and each needs a folder of its own.
        let slug = String(name.map { $0.isLetter || $0.isNumber ? $0 : "-" })
        let runs = "\(workFolder)/\(slug)-runs"
        let outputPath = "\(workFolder)/\(slug).out"
        let words = arguments + ["--proxy-port", "0", "--runs-dir", runs]
        let started = LabClock.monotonicNanoseconds()
        let lab = try ChildProcess.spawn(
            .init(
                tools.lab, words,
                environment: ProcessInfo.processInfo.environment.merging(extra) { $1 },
                log: .file(outputPath)))
        // SIGTERM lets the lab stop its own backends and proxies before it ends.
        defer { lab.stop(grace: .seconds(10)) }
        let status = lab.waitForExit()
        let seconds = Double(LabClock.monotonicNanoseconds() - started) / 1e9
        guard let report = try ReportFiles.collect(under: runs) else {
            throw BenchError(
                "lab \(arguments.first ?? "") ended with \(status) and no report.json; last lines of \(outputPath):\n"
                    + LogFile.tail(outputPath, lines: 10))
        }
        let counts = Dictionary(grouping: report.cells, by: \.verdict).mapValues(\.count)
        let tally = counts.sorted { $0.key.rawValue < $1.key.rawValue }.map {
            "\($0.value) \($0.key.rawValue)"
        }
        // The runs folder's path says nothing about the answer, and differs in every run.
        let lastLine = LogFile.tail(outputPath, lines: 1).trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: runs, with: "<runs>")
        return CommandTiming(
            name: name, command: (["lab"] + arguments).joined(separator: " "), seconds: seconds,
            exitStatus: status.description,
            answer: "\(report.cells.count) cells: \(tally.joined(separator: ", ")); last line: \(lastLine)",
            lateForwardCells: report.cells.filter {
                $0.verdict == .inconclusive && VerdictJudge.blamesLateForwarding($0.reason)
            }
            .count)
    }
}
