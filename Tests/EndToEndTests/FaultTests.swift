import Foundation
@testable import LabCore
@testable import LabLoad
@testable import LabProcesses
@testable import LabProxies
@testable import LabVerdict
@testable import LabWire
import LabTestSupport
import Testing
@testable import LeakLab

/// Faults end in an honest INCONCLUSIVE (or a clear error), never a wrong verdict, and every process the
/// run started is gone afterwards.
@Suite(.serialized, .enabled(if: endToEndEnabled, "set LAB_E2E=1 (make test does)"))
struct FaultTests {
    @Test func proxyThatNeverBecomesHealthyIsInconclusiveWithItsLogTail() throws {
        let run = try LabRunResult(
            expect: "leak", settings: ["litellm_settings.callbacks=no_such_module.handler"])
        #expect(run.status == 2, "\(run.output)")
        #expect(run.report.verdict == .inconclusive)
        #expect(lastLine(of: run.output).hasPrefix("VERDICT: INCONCLUSIVE the proxy never became healthy"))
        #expect(run.output.contains("no_such_module"), "the proxy log's tail is printed")
    }

    @Test func proxyKilledDuringTheMeasurementIsInconclusive() throws {
        let lab = try RunningLab(["--proxy", "nginx-ignore-client-abort", "--expect", "leak"])
        let pidFile = try lab.waitForFile("nginx/nginx.pid")
        try lab.waitForLog("[nginx-ignore-client-abort]")
        let pid = try #require(
            pid_t(
                String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(
                    in: .whitespacesAndNewlines)))
        kill(-pid, SIGKILL)
        let (status, output) = lab.finish()
        #expect(status == 2, "\(output)")
        #expect(lastLine(of: output).hasPrefix("VERDICT: INCONCLUSIVE"), "\(output)")
        #expect(kill(pid, 0) == -1, "nginx is gone")
    }

    @Test(arguments: [
        ("nginx-ignore-client-abort", LabEvent.Phase.directControl),
        ("nginx-ignore-client-abort", .measure), ("litellm", .proxyStart),
    ])
    func ctrlCInAPhaseStopsEverythingAndEndsTheRunWith130(proxy: String, phase: LabEvent.Phase) throws {
        let lab = try RunningLab(["--proxy", proxy, "--litellm-version", "1.61.20"])
        try lab.waitForEvent { $0.event == .phaseStarted && $0.phase == phase }
        if phase == .proxyStart { try lab.waitForEvent { $0.event == .processStarted } }
        kill(lab.process.pid, SIGINT)
        let (status, output) = lab.finish()

        #expect(status == 130, "\(output)")
        #expect(output.contains("[lab] interrupted"), "\(output)")
        #expect(output.contains("partial results kept in"), "\(output)")
        #expect(!output.contains("VERDICT:"), "an interrupted run gives no verdict")
        let events = lab.events()
        #expect(
            events.last?.event == .runEnded && events.last?.exitCode == 130, "the events say how it ended")
        #expect(lab.isLatest, "a recorded interruption is the latest run")
        for pid in events.filter({ $0.event == .processStarted }).compactMap(\.pid) {
            #expect(!isRunning(pid), "the main thread ends only after the proxy has stopped")
        }
    }

    @Test func backendKilledDuringTheLoadIsInconclusive() throws {
        let folder = try temporaryFolder("killed-backend")
        let backend = try FakeBackendProcess(in: folder)
        defer { backend.stop() }
        let load = try ChildProcess.spawn(
            .init(
                productsDirectory + "/load-client",
                [
                    "--target", backend.chatURL, "--timeout", "2",
                    "--summary", folder + "/load.json", "--wait-for-file", folder + "/ready",
                ],
                log: .file(folder + "/load.log")))
        defer { load.stop(grace: .seconds(1)) }
        let collector = try ChildProcess.spawn(
            .init(
                productsDirectory + "/collector",
                [
                    "--backend", backend.root, "--load-summary", folder + "/load.json",
                    "--ready-file", folder + "/ready", "--verdict", folder + "/verdict.json",
                ],
                log: .file(folder + "/collector.log")))
        defer { collector.stop(grace: .seconds(1)) }
        let base = try HTTPURL(parsing: backend.root)
        waitUntil { backendStats(base)?.active == 10 }
        kill(backend.process.pid, SIGKILL)

        #expect(collector.waitForExit() == .exited(2))
        let output = try String(contentsOfFile: folder + "/collector.log", encoding: .utf8)
        #expect(lastLine(of: output).hasPrefix("VERDICT: INCONCLUSIVE"), "\(output)")
        #expect(
            try JSONCoding.read(VerdictReport.self, from: folder + "/verdict.json").verdict == .inconclusive)
    }
}

/// A lab killed with SIGKILL cannot stop anything itself: its children must still not outlive it.
@Suite(.serialized, .enabled(if: endToEndEnabled, "set LAB_E2E=1 (make test does)"))
struct KilledLabTests {
    @Test(arguments: [
        ("nginx-ignore-client-abort", LabEvent.Phase.directControl),
        ("nginx-ignore-client-abort", .measure), ("litellm", .proxyStart), ("litellm", .measure),
    ])
    func sigkillInAnyPhaseLeavesNoProcessAndFreesThePorts(proxy: String, phase: LabEvent.Phase) throws {
        let lab = try RunningLab(["--proxy", proxy, "--litellm-version", "1.61.20"])
        try lab.waitForEvent { $0.event == .phaseStarted && $0.phase == phase }
        // A proxy start is killed once there is a proxy process to leave behind.
        if phase == .proxyStart { try lab.waitForEvent { $0.event == .processStarted } }
        kill(lab.process.pid, SIGKILL)
        _ = lab.process.waitForExit()
        #expect(!lab.isLatest, "a run that never ended is not the latest one scripts read")

        let events = lab.events()
        let started = events.filter { $0.event == .processStarted }
        #expect(!started.isEmpty || phase == .directControl, "the proxy had started")
        for pid in started.compactMap(\.pid) { waitUntil { !isRunning(pid) } }
        let backends = events.filter { $0.event == .backendListening }
        #expect(!backends.isEmpty, "the backend had started")
        for port in (backends + started).compactMap(\.port) {
            waitUntil { (try? PortCheck.ensureFree(host: "127.0.0.1", port: port)) != nil }
        }
    }
}

/// A `lab run` in the background on ports it chooses, for tests that act while it runs.
final class RunningLab {
    let process: ChildProcess
    let runs: String
    private let log: String

    init(_ arguments: [String]) throws {
        runs = try temporaryFolder("running")
        log = runs + "/lab-output.txt"
        process = try ChildProcess.spawn(
            .init(
                productsDirectory + "/lab",
                ["run", "--backend-port", "0", "--proxy-port", "0", "--runs-dir", runs] + arguments,
                log: .file(log)))
    }

    /// The run's folder under `runs`, once it exists (`latest` points at it only once the run ended).
    private var folder: String? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: runs)) ?? []
        return entries.sorted().first { name in
            var isFolder: ObjCBool = false
            return name != "latest"
                && FileManager.default.fileExists(atPath: runs + "/" + name, isDirectory: &isFolder)
                && isFolder.boolValue
        }.map { runs + "/" + $0 }
    }

    /// The events the run has recorded so far.
    func events() -> [LabEvent] {
        let text = folder.flatMap { try? String(contentsOfFile: $0 + "/events.jsonl", encoding: .utf8) } ?? ""
        return text.split(separator: "\n").compactMap {
            try? JSONCoding.decode(LabEvent.self, from: Data($0.utf8))
        }
    }

    /// Waits until the run has recorded an event that `matches`.
    func waitForEvent(_ matches: (LabEvent) -> Bool) throws {
        waitUntil { events().contains(where: matches) }
    }

    deinit { process.stop(grace: .seconds(5)) }

    var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    /// The run's folder, once it exists.
    func runFolder() throws -> String {
        waitUntil { folder != nil }
        return folder ?? runs
    }

    /// Waits until `name` exists in the run folder.
    @discardableResult
    func waitForFile(_ name: String) throws -> String {
        let path = try runFolder() + "/" + name
        waitUntil { FileManager.default.fileExists(atPath: path) }
        return path
    }

    /// Whether `latest` points at the run: only a run that ended with a verdict or a recorded interruption.
    var isLatest: Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: runs + "/latest")).map { runs + "/" + $0 }
            == folder
    }

    /// Waits until the lab printed `text`.
    func waitForLog(_ text: String) throws {
        waitUntil { output.contains(text) }
    }

    /// Waits for the lab to end; returns its exit status and output.
    func finish() -> (Int32, String) {
        guard case .exited(let code) = process.waitForExit() else { return (-1, output) }
        return (code, output)
    }
}

/// A proxy the lab does not start, wired by the user to a fake backend the lab does not start either.
@Suite(.serialized, .enabled(if: endToEndEnabled, "set LAB_E2E=1 (make test does)"))
struct ExternalProxyTests {
    @Test(arguments: [(false, "no-leak", VerdictKind.pass), (true, "leak", .leak)])
    func anyProxyByURLGetsTheSameVerdictRules(ignoreClientAbort: Bool, expect: String, verdict: VerdictKind)
        throws
    {
        let folder = try temporaryFolder("external")
        let backend = try FakeBackendProcess(in: folder)
        defer { backend.stop() }
        let nginx = try Self.startNginx(backend: backend, ignoreClientAbort: ignoreClientAbort, in: folder)
        defer { nginx.stop() }

        let (status, output) = try runProduct(
            "lab",
            [
                "run", "--target", nginx.baseURL + "/v1/chat/completions", "--backend-url",
                backend.root, "--expect", expect, "--runs-dir", "lab-runs",
            ],
            in: folder)
        #expect(status == 0, "\(output)")
        #expect(lastLine(of: output).hasPrefix("VERDICT: \(verdict.rawValue)"), "\(output)")
    }

    /// nginx in front of `backend`, healthy, on a port chosen as the lab chooses its proxies' ports.
    private static func startNginx(backend: FakeBackendProcess, ignoreClientAbort: Bool, in folder: String)
        throws -> ProxyProcess
    {
        var ports = ProxyPorts(asked: 0)
        while true {
            let config = NginxConfig(
                backendURL: backend.root, port: try ports.next(), ignoreClientAbort: ignoreClientAbort,
                prefix: folder + "/nginx")
            let nginx = try ProxyProcess.startControl(config, log: folder + "/nginx.log")
            do {
                try nginx.waitUntilHealthy(timeout: .seconds(10)) {
                    HealthCheck.failure(of: try! HTTPURL(parsing: nginx.baseURL + "/lab-health")) == nil
                }
                return nginx
            } catch .portTaken where ports.mayRetry {
                nginx.stop()
            } catch {
                nginx.stop()
                throw error
            }
        }
    }
}
