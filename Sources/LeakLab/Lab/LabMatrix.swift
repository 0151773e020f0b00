import Foundation
import LabCore
import LabLoad
import LabInstalls
import LabProxies
import LabVerdict
import Synchronization

/// `lab matrix`: every LiteLLM build × server × scenario, a grid plan for the experiment executor (one proxy
/// start per build, server and scenario group, its scenarios measured at once, each against a backend of its
/// own).
public struct LabMatrix: Sendable {
    private let settings: LabSettings
    private let builds: [LiteLLMBuildRequest]
    private let servers: [ProxyProcess.Server]
    private let scenarios: [Scenario]
    private let output: LineWriter
    private let interruption: LabInterruption

    /// A matrix of `builds` (releases, `latest`, source trees, wheels) × `servers` × `scenarios`, run with
    /// `settings`.
    package init(
        settings: LabSettings, builds: [LiteLLMBuildRequest], servers: [ProxyProcess.Server] = [.default],
        scenarios: [Scenario], output: LineWriter, interruption: LabInterruption
    ) {
        self.settings = settings
        self.builds = builds
        self.servers = servers
        self.scenarios = scenarios
        self.output = output
        self.interruption = interruption
    }

    /// Runs every cell; exit status 0 when every cell matched `--expect` (always 0 without one), else 1.
    public func run() throws -> Int32 {
        let resolved = try builds.map {
            try LiteLLMUnderTest.resolve($0, say: { output.write("[matrix] \($0)") })
        }
        try settings.ensureChosenPortsFree(includingBackend: false)
        let executor = try ExperimentExecutor(
            settings: settings, label: "matrix", prefix: "matrix", output: output, interruption: interruption)
        let (folder, events) = (executor.folder, executor.events)
        let serverCount = servers == [.default] ? "" : "\(servers.count) servers × "
        events.say(
            "matrix of \(resolved.count) builds × \(serverCount)\(scenarios.count) scenarios in \(folder.path)"
        )
        let proxies = resolved.flatMap { build in
            servers.map { LiteLLMUnderTest(build: build, settings: settings, server: $0) }
        }
        let labels = resolved.flatMap { build in servers.map { build.name + $0.labelSuffix } }
        let table = Mutex(MatrixTable(scenarios: scenarios.map(\.name), labels: labels))
        events.print(table.withLock { $0.header })
        defer { executor.close() }
        _ = try executor.run(ExperimentPlan(proxies: proxies, scenarios: scenarios, layout: .grid)) {
            [scenarios] proxy, cells in
            let place = proxies.firstIndex { $0.label == proxy.label }!
            if let census = try? proxies[place].routeCensus() {
                executor.recorder.recordRoutes(of: proxies[place].build.name, summary: census.summary)
            }
            let verdicts = Dictionary(cells.map { ($0.scenario.name, $0.report.verdict) }) { $1 }
            try table.withLock { table in
                table.row(at: place, label: labels[place], verdicts: scenarios.map { verdicts[$0.name]! })
                    .forEach(events.print)
                try executor.recorder.write(into: folder)
            }
        }
        events.say("results in \(folder.path); `lab report` renders them")
        let mismatches = table.withLock { $0.mismatches(expected: settings.judging.expectation) }
        if let expected = settings.judging.expectation {
            events.say(
                "expected \(expected.rawValue): \(mismatches == 0 ? "every cell matched" : "\(mismatches) cells did not")"
            )
        }
        return executor.end(exitCode: mismatches == 0 ? 0 : 1, line: nil)
    }
}
