import Foundation
import LabCore
import LabReporting
import LabInstalls

/// `lab compare`: the same scenarios with the same settings on the build before a change and the build
/// after it, written up as a "proof of fix" (`proof-of-fix.md` in the run folder) for a pull request.
struct LabCompare {
    private let settings: LabSettings
    private let before: String
    private let after: String
    private let scenarios: [Scenario]
    private let output: LineWriter
    private let interruption: LabInterruption

    /// A comparison of `before` and `after` over `scenarios`: each a release (or `latest`), a release with a
    /// patch (`V+FILE`), a source tree (a word with a `/`), a wheel (a word ending in `.whl`) or an image
    /// (`image:REF`), as `lab matrix --versions` reads them.
    init(
        settings: LabSettings, before: String, after: String, scenarios: [Scenario], output: LineWriter,
        interruption: LabInterruption
    ) {
        self.settings = settings
        self.before = before
        self.after = after
        self.scenarios = scenarios
        self.output = output
        self.interruption = interruption
    }

    /// Measures both builds; exit status 0 when nothing got worse and something improved, else 1.
    func run() throws -> Int32 {
        let say: (String) -> Void = { output.write("[compare] \($0)") }
        let sides = try [before, after].map {
            try LiteLLMUnderTest.resolve(LiteLLMBuildRequest(word: $0), say: say)
        }
        guard sides[0].name != sides[1].name else {
            throw UsageError("--before and --after are both \(sides[0].name): compare two different builds")
        }
        try settings.ensureChosenPortsFree(includingBackend: false)
        let executor = try ExperimentExecutor(
            settings: settings, label: "compare", prefix: "compare", output: output,
            interruption: interruption)
        let (folder, events) = (executor.folder, executor.events)
        defer { executor.close() }
        events.say("\(sides[0].name) → \(sides[1].name), \(scenarios.count) scenarios, in \(folder.path)")
        _ = try executor.run(
            ExperimentPlan(
                proxies: sides.map { LiteLLMUnderTest(build: $0, settings: settings) },
                scenarios: scenarios,
                layout: .grid))
        try executor.recorder.write(into: folder)
        let report = try JSONCoding.read(LabReport.self, from: folder.file(ReportFiles.dataFile))
        let proof = ProofOfFix(
            report: report, before: sides[0].name, after: sides[1].name,
            command: (["lab"] + CommandLine.arguments.dropFirst()).joined(separator: " "))
        try proof.markdown.write(toFile: folder.file("proof-of-fix.md"), atomically: true, encoding: .utf8)
        events.say(
            proof.exitCode == 0
                ? "proof of fix, ready to paste: \(folder.file("proof-of-fix.md"))"
                : "no proof of fix (\(proof.summary)): the comparison is in \(folder.file("proof-of-fix.md"))"
        )
        return executor.end(exitCode: proof.exitCode, line: "COMPARE: \(proof.summary)")
    }
}
