import Foundation
import LabCore
import LabLoad
import LabProcesses
import LabProxies
import LabVerdict
import LabWire
import LeakLab

/// Measures time to verdict with the lab's own processes: `fake-backend`, `collector` and `load-client`,
/// started as a user would, plus nginx as the proxy in between when a scenario needs one.
///
/// nginx is the honest peer for both outcomes: by default it closes its upstream request when the
/// client leaves (PASS), and with `proxy_ignore_client_abort on;` it keeps it (LEAK).
struct VerdictBenchmark {
    /// What the load goes through.
    enum Scenario: CaseIterable {
        /// Straight at the backend, as the lab's direct control.
        case direct
        /// Through nginx with its defaults.
        case nginx
        /// Through nginx keeping upstream requests after the client left.
        case nginxIgnoringAbort

        var name: String {
            switch self {
            case .direct: "direct"
            case .nginx: "nginx"
            case .nginxIgnoringAbort: "nginx, proxy_ignore_client_abort on"
            }
        }

        var expected: VerdictKind { self == .nginxIgnoringAbort ? .leak : .pass }
    }

    /// Where the programs are.
    let tools: BenchTools
    /// Where summaries, verdicts, logs and nginx's files go.
    let workFolder: String
    /// Requests per run, as the lab fires them.
    var requests = 10
    /// The grace window the collector decides LEAK at.
    var grace: Duration = .seconds(3)
    /// The settle window a PASS waits out after the release.
    var settle: Duration = .seconds(2)

    /// Runs `scenario` `runs` times on one backend (and one nginx), on ports from `ports`, and collects the timings.
    func run(_ scenario: Scenario, runs: Int, ports: PortAllocator) throws -> VerdictTiming {
        let backendPort = try ports.take()
        let folder = "\(workFolder)/verdict-\(backendPort)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let backend = try BenchBackend.start(
            .fakeBackend, tools: tools, port: backendPort, log: "\(folder)/backend.log")
        defer { backend.stop() }
        var proxy: ProxyProcess?
        defer { proxy?.stop() }
        var target = backend.apiURL
        if scenario != .direct {
            let config = NginxConfig(
                backendURL: backend.url.description, port: try ports.take(),
                ignoreClientAbort: scenario == .nginxIgnoringAbort, prefix: "\(folder)/nginx")
            let nginx = try ProxyProcess.startControl(config, log: "\(folder)/nginx.log")
            proxy = nginx
            let health = try HTTPURL(parsing: "\(nginx.baseURL)/lab-health")
            try nginx.waitUntilHealthy(timeout: .seconds(10)) { HealthCheck.failure(of: health) == nil }
            target = try HTTPURL(parsing: "\(nginx.baseURL)/v1/chat/completions")
        }

        var reports: [(report: VerdictReport, printedAt: Double)] = []
        for index in 1...runs {
            reports.append(try once(target: target, backend: backend, folder: "\(folder)/run-\(index)"))
        }
        let hangUps = reports.map { $0.report.load?.lastHangUpAt }
        return VerdictTiming(
            scenario: scenario.name, expected: scenario.expected, verdicts: reports.map(\.report.verdict),
            graceSeconds: grace.seconds, settleSeconds: settle.seconds,
            afterHangUp: Percentiles(
                zip(reports, hangUps).compactMap { run, hangUp in hangUp.map { run.printedAt - $0 } }),
            afterRelease: Percentiles(
                zip(reports, hangUps).compactMap { run, hangUp in
                    guard let hangUp, let release = run.report.decision.releaseSeconds else { return nil }
                    return run.printedAt - (hangUp + release + settle.seconds)
                }))
    }

    /// One collector and one load client, started together as in the compose setup: the load waits for
    /// the collector's baseline; the verdict is printed when the collector exits.
    private func once(target: HTTPURL, backend: BenchBackend, folder: String) throws
        -> (report: VerdictReport, printedAt: Double)
    {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let summary = "\(folder)/load-summary.json"
        let ready = "\(folder)/ready"
        let verdict = "\(folder)/verdict.json"
        let collector = try ChildProcess.spawn(
            .init(
                tools.collector,
                [
                    "--backend", backend.url.description, "--load-summary", summary, "--ready-file", ready,
                    "--verdict", verdict, "--grace", String(grace.seconds), "--settle",
                    String(settle.seconds), "--label", "bench",
                ], log: .file("\(folder)/collector.log")))
        defer { collector.stop(grace: .seconds(3)) }
        let load = try ChildProcess.spawn(
            .init(
                tools.loadClient,
                [
                    "--target", target.description, "--requests", String(requests), "--summary", summary,
                    "--wait-for-file", ready,
                ], log: .file("\(folder)/load-client.log")))
        defer { load.stop(grace: .seconds(3)) }
        // The collector prints its VERDICT line last and exits at once: its exit is when the verdict is out.
        _ = collector.waitForExit()
        let printedAt = LabClock.unixSeconds()
        _ = load.waitForExit()
        let report = try JSONCoding.read(VerdictReport.self, from: verdict)
        return (report, printedAt)
    }
}
