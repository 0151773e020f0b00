import Foundation
import LabCore
import LabLoad
import LabVerdict
import LabWire

/// `lab run`: one proxy, one scenario, natively; a plan of one cell for the experiment executor.
///
/// Every process it starts is stopped before it returns, whatever happened; Ctrl-C is handled by
/// `LabInterruption`, which stops the same processes.
public struct LabRun {
    private let settings: LabSettings
    private let output: LineWriter
    private let interruption: LabInterruption

    /// A run of `settings` printing progress to `output`.
    public init(settings: LabSettings, output: LineWriter, interruption: LabInterruption) {
        self.settings = settings
        self.output = output
        self.interruption = interruption
    }

    /// Runs everything and returns the exit status (the verdict's, or the expectation's).
    public func run() throws -> Int32 {
        let proxy = try proxyUnderTest()
        if !(proxy is ExternalProxy) { try settings.ensureChosenPortsFree(includingBackend: true) }
        let executor = try ExperimentExecutor(
            settings: settings,
            label: proxy.label
                + (settings.load.scenario.name == "chat" ? "" : "-\(settings.load.scenario.name)"),
            prefix: "lab", output: output, interruption: interruption)
        let (folder, events) = (executor.folder, executor.events)
        events.say("run folder \(folder.path)")
        let cell = try executor.run(
            ExperimentPlan(proxies: [proxy], scenarios: [settings.load.scenario], layout: .cell))[0]
        try executor.recorder.write(into: folder)

        let report = cell.report
        if let cost = report.cost, report.verdict == .leak { events.say("cost so far: \(cost.oneLine)") }
        if let probe = report.slotProbe { events.say("cost to a new user: \(probe.sentence)") }
        events.say("results in \(folder.path)")
        if let expected = report.expected, report.verdict.isMeasured {
            events.say("expected \(expected.rawValue): \(report.exitCode == 0 ? "matched" : "NOT matched")")
        }
        return executor.end(exitCode: report.exitCode, line: report.decision.line)
    }

    /// The proxy `settings` name: LiteLLM at its release, a control, or one someone else runs (`--target`).
    private func proxyUnderTest() throws -> any ProxyUnderTest {
        if let target = settings.proxy.externalTarget {
            guard settings.proxy.externalBackend != nil else {
                throw UsageError("--target needs --backend-url: the fake backend your proxy forwards to")
            }
            return ExternalProxy(target: target, apiKey: settings.proxy.apiKey)
        }
        switch settings.proxy.choice {
        case .litellm:
            let say: (String) -> Void = { output.write("[lab] \($0)") }
            return LiteLLMUnderTest(
                build: try LiteLLMUnderTest.resolve(settings.proxy.build, say: say), settings: settings)
        case .nginx, .nginxIgnoreClientAbort, .haproxy, .haproxyAbortOnClose, .caddy,
            .caddyFlushIntervalMinusOne:
            return ControlUnderTest(choice: settings.proxy.choice)
        }
    }

    /// The lab's own version, recorded in every report.
    public static let labVersion = LabVersion.current
}
