import Foundation

/// The whole reproduction, natively: backend, direct control, LiteLLM from PyPI, load through it, verdict.
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
        let installer = LiteLLMInstaller()
        let version = try installer.resolve(settings.litellmVersion, log: "/dev/null") { say($0) }
        if let refusal = version.refusal { throw LiteLLMInstallError.refused(refusal) }
        try PortCheck.ensureFree(host: "127.0.0.1", port: settings.backendPort, option: "--backend-port")
        try PortCheck.ensureFree(host: "127.0.0.1", port: settings.proxyPort, option: "--proxy-port")
        let folder = try RunFolder.create(under: settings.runsRoot, label: "litellm-\(version)")
        interruption.note(folder: folder.path)
        say("run folder \(folder.path)")

        let backend = try startBackend(logPath: folder.file("backend.log"))
        interruption.onInterrupt { backend.stop() }
        defer { backend.stop() }
        let backendURL = try HTTPURL(parsing: "http://127.0.0.1:\(backend.port)")

        let control = measure("direct", target: backendURL.appending(path: "/v1/chat/completions"),
                              backend: backendURL, apiKey: nil, expectation: nil, version: nil)
        try control.write(to: folder.file("direct-verdict.json"))
        say("direct control: \(control.verdict.rawValue) \(control.reason)")
        guard control.verdict == .pass else {
            return try finish(
                inconclusive(
                    "the direct control (load straight at the backend) was \(control.verdict.rawValue), not PASS: "
                        + "the harness is broken, not the proxy (\(control.reason))", basedOn: control),
                in: folder)
        }

        let venv = try installer.ensure(
            version: version, pins: settings.pins, log: folder.file("install.log")) { say($0) }
        try venv.freeze().write(toFile: folder.file("pip-freeze.txt"), atomically: true, encoding: .utf8)

        // Newer releases refuse to start without a master key; a fresh one per run is never worth stealing.
        let masterKey = "sk-lab-" + (0..<4).map { _ in String(UInt64.random(in: .min ... .max), radix: 16) }.joined()
        var config = LiteLLMConfig(backendURL: backendURL.description, masterKey: masterKey)
        for setting in settings.settings { try config.apply(setting: setting) }
        try config.write(toFile: folder.file("litellm-config.yaml"))

        say("starting LiteLLM \(version) proxy on 127.0.0.1:\(settings.proxyPort) (log: proxy.log)")
        let proxy = try LiteLLMProxy.start(
            executable: venv.litellmExecutable, configFile: folder.file("litellm-config.yaml"),
            port: settings.proxyPort, log: folder.file("proxy.log"))
        defer { proxy.stop() }
        let proxyURL = try HTTPURL(parsing: "http://127.0.0.1:\(settings.proxyPort)")
        let healthURL = proxyURL.appending(path: "/health/liveliness")
        let started = Clock.monotonicNanoseconds()
        do {
            try proxy.waitUntilHealthy(timeout: settings.proxyStartPatience) { HealthCheck.failure(of: healthURL) == nil }
        } catch {
            // A proxy that never serves cannot be judged: an honest INCONCLUSIVE, with its log's tail.
            return try finish(inconclusive("LiteLLM never became healthy: \(error)", basedOn: control), in: folder)
        }
        say("LiteLLM healthy after \(Format.seconds(Double(Clock.monotonicNanoseconds() - started) / 1e9))")

        let report = measure("litellm", target: proxyURL.appending(path: "/v1/chat/completions"),
                             backend: backendURL, apiKey: masterKey, expectation: settings.expectation, version: version)
        say("stopping LiteLLM (SIGTERM, then SIGKILL after 3 s)")
        return try finish(report, in: folder)
    }

    private func startBackend(logPath: String) throws -> BackgroundBackend {
        let configuration = FakeBackend.Configuration(port: settings.backendPort, hold: settings.hold)
        let backend = try BackgroundBackend(configuration: configuration) { try LineWriter(appendingTo: logPath) }
        say("fake backend on 127.0.0.1:\(backend.port), holding requests \(Format.seconds(settings.hold.seconds)) (log: backend.log)")
        return backend
    }

    private func measure(
        _ label: String, target: HTTPURL, backend: HTTPURL, apiKey: String?, expectation: VerdictExpectation?,
        version: LiteLLMVersion?
    ) -> VerdictReport {
        var versions = ["lab": LabRun.labVersion]
        if let version { versions["litellm"] = version.description }
        return LabMeasurement(
            label: label, target: target, backend: backend, apiKey: apiKey, settings: settings, expectation: expectation,
            versions: versions, output: output
        ).run()
    }

    /// An INCONCLUSIVE report for the proxy run, for when it could not be measured at all.
    private func inconclusive(_ reason: String, basedOn control: VerdictReport) -> VerdictReport {
        var report = control
        report.label = "litellm"
        report.verdict = .inconclusive
        report.reason = reason
        report.decision = Verdict(kind: .inconclusive, reason: reason, abandoned: 0, seenByBackend: 0, stillHeld: 0)
        report.expected = settings.expectation
        report.exitCode = VerdictKind.inconclusive.exitCode
        report.versions["litellm"] = settings.litellmVersion
        report.load = nil
        report.samples = []
        return report
    }

    private func finish(_ report: VerdictReport, in folder: RunFolder) throws -> Int32 {
        try report.write(to: folder.file("verdict.json"))
        if let load = report.load { try JSONCoding.write(load, to: folder.file("load-summary.json")) }
        say("results in \(folder.path)")
        if let expected = report.expected, report.verdict != .inconclusive {
            say("expected \(expected.rawValue): \(report.exitCode == 0 ? "matched" : "NOT matched")")
        }
        output.write(report.decision.line)
        return report.exitCode
    }

    private func say(_ message: String) { output.write("[lab] \(message)") }

    /// The lab's own version, recorded in every report.
    public static let labVersion = "0.1.0"
}
