import Dispatch
import Foundation
import LabCore
import LabLoad
import LabRunner
import LabVerdict
import Synchronization

/// `lab matrix`: every LiteLLM version × scenario, one proxy start per version (with the run's settings),
/// its scenarios measured at once, each against a backend of its own.
public struct LabMatrix: Sendable {
    private let settings: LabSettings
    private let versions: [String]
    private let scenarios: [Scenario]
    private let output: LineWriter
    private let interruption: LabInterruption

    /// A matrix of `versions` (`latest` allowed) × `scenarios`, run with `settings`.
    public init(
        settings: LabSettings, versions: [String], scenarios: [Scenario], output: LineWriter,
        interruption: LabInterruption
    ) {
        self.settings = settings
        self.versions = versions
        self.scenarios = scenarios
        self.output = output
        self.interruption = interruption
    }

    /// Runs every cell; exit status 0 when every cell matched `--expect` (always 0 without one), else 1.
    public func run() throws -> Int32 {
        let resolved = try versions.map { try LiteLLMUnderTest.resolve($0, say: say) }
        try PortCheck.ensureFree(host: "127.0.0.1", port: settings.proxyPort, option: "--proxy-port")
        let folder = try RunFolder.create(under: settings.runsRoot, label: "matrix")
        interruption.note(folder: folder.path)
        say("matrix of \(resolved.count) versions × \(scenarios.count) scenarios in \(folder.path)")
        let recorder = ReportRecorder()
        var table = MatrixTable(scenarios: scenarios.map(\.name))
        output.write(table.header)
        for version in resolved {
            let cells = try measure(version, in: folder, recorder: recorder)
            output.write(table.row(label: version.description, verdicts: cells))
            try recorder.write(into: folder)
        }
        say("results in \(folder.path); `lab report` renders them")
        let mismatches = table.mismatches(expected: settings.expectation)
        if let expected = settings.expectation {
            say(
                "expected \(expected.rawValue): \(mismatches == 0 ? "every cell matched" : "\(mismatches) cells did not")"
            )
        }
        return mismatches == 0 ? 0 : 1
    }

    /// Every scenario of `version`: one proxy start per distinct set of scenario proxy settings (most
    /// scenarios share the default set), verdicts in the order of `scenarios`.
    func measure(_ version: LiteLLMVersion, in matrix: RunFolder, recorder: ReportRecorder) throws
        -> [VerdictKind]
    {
        var verdicts: [String: VerdictKind] = [:]
        for group in Dictionary(grouping: scenarios, by: \.proxySettings).sorted(by: {
            $0.key.count < $1.key.count
        }) {
            let slug = group.key.joined(separator: "-").map { $0.isLetter || $0.isNumber ? $0 : "-" }
            let label = "litellm-\(version)" + (group.key.isEmpty ? "" : "-" + String(slug))
            let kinds = try measure(
                version, group.value, in: try RunFolder.create(under: matrix.path, label: label),
                recorder: recorder)
            for (scenario, kind) in zip(group.value, kinds) { verdicts[scenario.name] = kind }
        }
        return scenarios.map { verdicts[$0.name] ?? .inconclusive }
    }

    /// One proxy start for `version`: backends, direct controls, the proxy, `scenarios` all at once.
    private func measure(
        _ version: LiteLLMVersion, _ scenarios: [Scenario], in folder: RunFolder, recorder: ReportRecorder
    ) throws -> [VerdictKind] {
        let rigs = try scenarios.map { scenario in
            try ScenarioRig(
                scenario, port: 0, settings: settings, logPath: folder.file("backend-\(scenario.name).log"))
        }
        defer { rigs.forEach { $0.stop() } }
        interruption.onInterrupt { rigs.forEach { $0.stop() } }
        let controls = concurrently(rigs) { rig in
            measurement(
                "direct-\(rig.scenario.name)", plan: rig.directPlan(settings), rig: rig, folder: folder,
                expect: nil)
        }
        let proxy = LiteLLMUnderTest(version: version, settings: settings)
        let started = try proxy.start(routes: rigs, port: settings.proxyPort, folder: folder, say: say)
        defer { started.process.stop() }
        recorder.recordProxy(version: version.description, settings: settings, folder: folder)
        let healthy = Result { () throws(ProxyProcessError) in
            try started.process.waitUntilHealthy(timeout: settings.proxyStartPatience) {
                HealthCheck.failure(of: started.healthURL) == nil
            }
        }
        var reports = concurrently(rigs) { rig in
            measurement(
                rig.scenario.name,
                plan: rig.proxyPlan(started.base, apiKey: started.apiKey, settings: settings),
                rig: rig, folder: folder, expect: settings.expectation)
        }
        for index in reports.indices {
            if controls[index].verdict != .pass {
                reports[index].markInconclusive(
                    "the direct control was \(controls[index].verdict.rawValue): the harness, not the proxy")
            } else if case .failure(let error) = healthy {
                reports[index].markInconclusive("the proxy never became healthy: \(error.summary)")
            }
            try reports[index].write(to: folder.file("verdict-\(rigs[index].scenario.name).json"))
            recorder.record(
                reports[index], version: version.description, settings: settings,
                scenario: rigs[index].scenario,
                folder: folder.path)
        }
        return reports.map(\.verdict)
    }

    private func measurement(
        _ label: String, plan: LoadPlan, rig: ScenarioRig, folder: RunFolder, expect: VerdictExpectation?
    )
        -> VerdictReport
    {
        // Scenarios run at once: each timeline goes to its own file, the terminal gets the table.
        let timeline =
            (try? LineWriter(appendingTo: folder.file("timeline-\(label).log"), timestamps: false))
            ?? LineWriter.standardError()
        return LabMeasurement(
            label: label, plan: plan, backend: rig.url,
            otherBackends: rig.otherURLs, settings: settings, expectation: expect,
            versions: ["lab": LabRun.labVersion, "scenario": rig.scenario.name], output: timeline
        ).run()
    }

    private func concurrently(_ rigs: [ScenarioRig], _ body: @Sendable (ScenarioRig) -> VerdictReport)
        -> [VerdictReport]
    {
        let results = Mutex<[Int: VerdictReport]>([:])
        DispatchQueue.concurrentPerform(iterations: rigs.count) { index in
            let report = body(rigs[index])
            results.withLock { $0[index] = report }
        }
        return results.withLock { dictionary in rigs.indices.map { dictionary[$0]! } }
    }

    private func say(_ message: String) { output.write("[matrix] \(message)") }
}
