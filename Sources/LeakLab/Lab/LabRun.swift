import Foundation
import LabCore
import LabLoad
import LabRunner
import LabVerdict
import LabWire

/// The whole reproduction, natively: backend, direct control, proxy, load through it, verdict.
///
/// Every process it starts is stopped before it returns, whatever happened; Ctrl-C is handled by
/// `LabInterruption`, which stops the same processes.
public struct LabRun {
    private let settings: LabSettings
    private let output: LineWriter
    private let interruption: LabInterruption
    private let recorder = ReportRecorder()

    /// A run of `settings` printing progress to `output`.
    public init(settings: LabSettings, output: LineWriter, interruption: LabInterruption) {
        self.settings = settings
        self.output = output
        self.interruption = interruption
    }

    /// Runs everything and returns the exit status (the verdict's, or the expectation's).
    public func run() throws -> Int32 {
        if let target = settings.externalTarget {
            guard let backend = settings.externalBackend else {
                throw UsageError("--target needs --backend-url: the fake backend your proxy forwards to")
            }
            return try runExternal(target: target, backend: backend)
        }
        let proxy: ProxyUnderTest =
            switch settings.proxy {
            case .litellm:
                LiteLLMUnderTest(
                    version: try LiteLLMUnderTest.resolve(settings.litellmVersion, say: say),
                    settings: settings)
            case .nginx: NginxUnderTest(ignoreClientAbort: false)
            case .nginxIgnoreClientAbort: NginxUnderTest(ignoreClientAbort: true)
            }
        try PortCheck.ensureFree(host: "127.0.0.1", port: settings.backendPort, option: "--backend-port")
        try PortCheck.ensureFree(host: "127.0.0.1", port: settings.proxyPort, option: "--proxy-port")
        let folder = try startFolder(
            label: proxy.label + (settings.scenario.name == "chat" ? "" : "-\(settings.scenario.name)"))

        let rig = try ScenarioRig(
            settings.scenario, port: settings.backendPort, settings: settings,
            logPath: folder.file("backend.log"))
        interruption.onInterrupt { rig.stop() }
        defer { rig.stop() }
        say(
            "fake backend on \(rig.url), holding requests \(Format.seconds(settings.hold.seconds)), "
                + "streams: \(rig.configuration.streamDescription) (log: backend.log)")
        if let failure = try directControl(rig.directPlan(settings), backend: rig.url, folder: folder) {
            return failure
        }

        let started = try proxy.start(routes: [rig], port: settings.proxyPort, folder: folder, say: say)
        defer { started.process.stop() }
        let clock = Clock.monotonicNanoseconds()
        do {
            try started.process.waitUntilHealthy(timeout: settings.proxyStartPatience) {
                HealthCheck.failure(of: started.healthURL) == nil
            }
        } catch {
            // A proxy that never serves cannot be judged: an honest INCONCLUSIVE, with its log's tail.
            say(error.description)
            return try finish(
                inconclusive(
                    label: proxy.label, "the proxy never became healthy: \(error.summary)",
                    versions: proxy.versions),
                in: folder)
        }
        say(
            "\(started.process.name) healthy after \(Format.seconds(Double(Clock.monotonicNanoseconds() - clock) / 1e9))"
        )

        if let version = proxy.versions["litellm"] {
            recorder.recordProxy(version: version, settings: settings, folder: folder)
        }
        var report = try measureAgreed(
            settings.proxy.rawValue,
            plan: rig.proxyPlan(started.base, apiKey: started.apiKey, settings: settings),
            backend: rig.url, otherBackends: rig.otherURLs, expectation: settings.expectation,
            versions: proxy.versions.merging(["scenario": settings.scenario.name]) { $1 }, folder: folder)
        if let status = started.process.process.exitStatus() {
            // A dead proxy drops its upstream connections: that release says nothing about the bug.
            say("last lines of proxy.log:\n\(LogFile.tail(started.process.log, lines: 10))")
            report.markInconclusive(
                "the \(started.process.name) proxy exited (\(status)) during the measurement, so its upstream "
                    + "requests ended with it (see proxy.log)")
        }
        say("stopping \(started.process.name) (SIGTERM, then SIGKILL after 3 s)")
        return try finish(report, in: folder)
    }

    /// A proxy someone else runs, wired to a fake backend someone else runs: only load and verdict here.
    private func runExternal(target: HTTPURL, backend: HTTPURL) throws -> Int32 {
        let folder = try startFolder(label: "external")
        let direct = LoadPlan(
            target: backend.appending(path: "/v1/chat/completions"), requests: settings.requests,
            timeout: settings.clientTimeout)
        if let failure = try directControl(direct, backend: backend, folder: folder) { return failure }
        var plan = direct
        plan.target = target
        plan.apiKey = settings.apiKey
        let report = try measureAgreed(
            "external", plan: plan, backend: backend, expectation: settings.expectation,
            versions: ["proxy": target.description], folder: folder)
        return try finish(report, in: folder)
    }

    private func startFolder(label: String) throws -> RunFolder {
        let folder = try RunFolder.create(under: settings.runsRoot, label: label)
        interruption.note(folder: folder.path)
        say("run folder \(folder.path)")
        return folder
    }

    /// Runs the load straight at the backend; returns the run's exit status if the harness failed it.
    private func directControl(_ plan: LoadPlan, backend: HTTPURL, folder: RunFolder) throws -> Int32? {
        let control = try measureAgreed(
            "direct", plan: plan, backend: backend, expectation: nil, versions: [:], folder: folder)
        try control.write(to: folder.file("direct-verdict.json"))
        say("direct control: \(control.verdict.rawValue) \(control.reason)")
        guard control.verdict != .pass else { return nil }
        let reason =
            "the direct control (load straight at the backend) was \(control.verdict.rawValue), not PASS: "
            + "the harness is broken, not the proxy (\(control.reason))"
        return try finish(inconclusive(label: "direct", reason), in: folder)
    }

    /// Measures once, or `settings.repeats` times (`--repeat`, `make soak`): repeated verdicts must all
    /// agree, otherwise the run is INCONCLUSIVE, since a lab whose answer changes cannot be trusted.
    private func measureAgreed(
        _ label: String, plan: LoadPlan, backend: HTTPURL, otherBackends: [HTTPURL] = [],
        expectation: VerdictExpectation?, versions: [String: String], folder: RunFolder
    ) throws -> VerdictReport {
        func measure(into output: LineWriter) -> VerdictReport {
            LabMeasurement(
                label: label, plan: plan, backend: backend, otherBackends: otherBackends, settings: settings,
                expectation: expectation, versions: versions.merging(["lab": LabRun.labVersion]) { $1 },
                output: output
            ).run()
        }
        guard settings.repeats > 1 else { return measure(into: output) }
        // Timelines of repeated runs go to a file: the terminal gets one line per run.
        let timelines = try LineWriter(appendingTo: folder.file("\(label)-timelines.log"), timestamps: false)
        var reports: [VerdictReport] = []
        for run in 1...settings.repeats {
            reports.append(measure(into: timelines))
            say("\(label) run \(run)/\(settings.repeats): \(reports[run - 1].decision.line)")
        }
        let record = SoakRecord(label: label, verdicts: reports.map(\.decision))
        try JSONCoding.write(record, to: folder.file("\(label)-soak.json"))
        say("soak \(label): \(record.summary)")
        var report = reports[reports.count - 1]
        if record.agree {
            report.reason = "\(record.summary); last run: \(report.reason)"
            report.decision.reason = report.reason
        } else {
            report.markInconclusive("repeated runs disagree: \(record.summary)")
        }
        return report
    }

    /// An INCONCLUSIVE report for a run that could not be measured at all.
    private func inconclusive(label: String, _ reason: String, versions: [String: String] = [:])
        -> VerdictReport
    {
        VerdictReport.unmeasured(
            label: label, reason: reason, backend: settings.externalBackend?.description ?? "",
            expectation: settings.expectation, versions: versions.merging(["lab": LabRun.labVersion]) { $1 })
    }

    private func finish(_ report: VerdictReport, in folder: RunFolder) throws -> Int32 {
        try report.write(to: folder.file("verdict.json"))
        if let version = report.versions["litellm"] {
            recorder.record(
                report, version: version, settings: settings, scenario: settings.scenario, folder: folder.path
            )
            try recorder.write(into: folder)
        }
        if let load = report.load { try JSONCoding.write(load, to: folder.file("load-summary.json")) }
        if let cost = report.cost, report.verdict == .leak { say("cost so far: \(cost.oneLine)") }
        say("results in \(folder.path)")
        if let expected = report.expected, report.verdict != .inconclusive {
            say("expected \(expected.rawValue): \(report.exitCode == 0 ? "matched" : "NOT matched")")
        }
        output.write(report.decision.line)
        return report.exitCode
    }

    private func say(_ message: String) { output.write("[lab] \(message)") }

    /// The lab's own version, recorded in every report.
    public static let labVersion = LabVersion.current
}
