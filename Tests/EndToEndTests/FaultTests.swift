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
    /// Every proxy the lab starts natively (containers: `docker/compose-test.sh`), killed as each phase starts.
    static let cases: [KilledLabCase] = [
        .init(["--proxy", "nginx-ignore-client-abort"], .directControl),
        .init(["--proxy", "nginx-ignore-client-abort"], .proxyStart),
        .init(["--proxy", "nginx-ignore-client-abort"], .measure),
        .init(["--proxy", "haproxy"], .proxyStart), .init(["--proxy", "haproxy"], .measure),
        .init(["--proxy", "caddy"], .proxyStart), .init(["--proxy", "caddy"], .measure),
        .init(["--litellm-version", "1.61.20", "--server", "uvicorn"], .directControl),
        .init(["--litellm-version", "1.61.20", "--server", "uvicorn"], .proxyStart),
        .init(["--litellm-version", "1.61.20", "--server", "uvicorn"], .measure),
        .init(["--litellm-version", "1.61.20", "--server", "gunicorn", "--workers", "2"], .proxyStart),
        .init(["--litellm-version", "1.61.20", "--server", "gunicorn", "--workers", "2"], .measure),
        .init(["--litellm-version", "1.61.20", "--server", "hypercorn"], .proxyStart),
        .init(["--litellm-version", "1.61.20", "--server", "hypercorn"], .measure),
    ]

    @Test(arguments: cases)
    func sigkillInAnyPhaseLeavesNoProcessAndFreesThePorts(_ killed: KilledLabCase) throws {
        let lab = try RunningLab(killed.arguments)
        try lab.waitForEvent { $0.event == .phaseStarted && $0.phase == killed.phase }
        // A proxy start is killed once there is a proxy process to leave behind.
        if killed.phase == .proxyStart { try lab.waitForEvent { $0.event == .processStarted } }
        let descendants = ProcessTable().descendants(of: lab.process.pid)
        kill(lab.process.pid, SIGKILL)
        _ = lab.process.waitForExit()
        #expect(!lab.isLatest, "a run that never ended is not the latest one scripts read")

        let events = lab.events()
        let started = events.filter { $0.event == .processStarted }
        #expect(!started.isEmpty || killed.phase == .directControl, "the proxy had started")
        expectNothingLeft(by: lab, descendants: descendants)
        let backends = events.filter { $0.event == .backendListening }
        #expect(!backends.isEmpty, "the backend had started")
        for port in (backends + started).compactMap(\.port) {
            waitUntil { (try? PortCheck.ensureFree(host: "127.0.0.1", port: port)) != nil }
        }
    }

    /// The moment the old supervision left open: the child runs, the lab has not yet put it on the watchdog's
    /// list, and nginx has rewritten the environment that carried the lab's token. The lab is held in that
    /// moment (a test-only hook) and killed there.
    @Test func sigkillBetweenASpawnAndItsRecordLeavesNoProcess() throws {
        let lab = try RunningLab(
            ["--proxy", "nginx-ignore-client-abort"], environment: ["LEAK_LAB_TEST_HOLD_AFTER_SPAWN": "60"])
        try lab.waitForEvent { $0.event == .phaseStarted && $0.phase == .proxyStart }
        // nginx runs (its master names the run's folder, and has replaced its environment by its title), the
        // lab has not recorded it.
        waitUntil {
            ProcessTable().entries.contains {
                $0.commandLine.hasPrefix("nginx: master process") && $0.commandLine.contains(lab.runs)
            }
        }
        #expect(!lab.events().contains { $0.event == .processStarted }, "the lab is held before the record")
        let descendants = ProcessTable().descendants(of: lab.process.pid)
        kill(lab.process.pid, SIGKILL)
        _ = lab.process.waitForExit()
        expectNothingLeft(by: lab, descendants: descendants)
    }

    /// Waits until no process the killed `lab` started is left, recording those that are. A process counts as
    /// the run's when the run's events name it, it descended from the lab (`descendants`, taken just before the
    /// kill), its command line names the run's folder, it carries the lab's token (`LEAK_LAB_GUARD`, or the
    /// watchdog's `GUARD_TOKEN`), or it is in the process group of any of these.
    private func expectNothingLeft(by lab: RunningLab, descendants: [ProcessTable.Entry]) {
        let labPid = lab.process.pid
        let started = lab.events().filter { $0.event == .processStarted }.compactMap(\.pid)
        let ownGroup = getpgrp()
        func left() -> [ProcessTable.Entry] {
            let table = ProcessTable()
            let tokens = ["\(OrphanGuard.variable)=\(labPid)-", "GUARD_TOKEN=\(labPid)-"]
            let roots = table.entries.filter { entry in
                started.contains(entry.pid) || descendants.contains { $0.pid == entry.pid }
                    || entry.commandLine.contains(lab.runs)
                    || tokens.contains { token in entry.environment.contains(token) }
            }
            let groups = Set(started + descendants.map(\.group) + roots.map(\.group)).subtracting([ownGroup])
            return table.entries.filter { entry in
                entry.pid != getpid()
                    && (roots.contains { $0.pid == entry.pid } || groups.contains(entry.group))
            }
        }
        if !pollUntil({ left().isEmpty }) {
            Issue.record(
                "left behind: \(left().map { "\($0.pid) (group \($0.group)) \($0.commandLine)" })\n\(lab.output)"
            )
        }
    }
}

/// A killed-lab case: the run's options, and the phase whose start the lab is killed at.
struct KilledLabCase: Sendable, CustomTestStringConvertible {
    let arguments: [String]
    let phase: LabEvent.Phase

    init(_ arguments: [String], _ phase: LabEvent.Phase) {
        (self.arguments, self.phase) = (arguments, phase)
    }

    var testDescription: String { "\(arguments.joined(separator: " ")) killed at \(phase.rawValue)" }
}

/// The running processes (zombies left out) as /proc shows them now.
struct ProcessTable {
    struct Entry {
        let pid: pid_t
        let parent: pid_t
        let group: pid_t
        /// The command line, arguments joined by spaces (a process title such as nginx's as it set it).
        let commandLine: String
        /// The environment, `NAME=VALUE` joined by newlines; empty when unreadable.
        let environment: String
    }

    let entries: [Entry]

    init() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        entries = names.compactMap(pid_t.init).compactMap { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let end = stat.lastIndex(of: ")")
            else { return nil }
            // After the command's name: state, parent, process group.
            let fields = stat[stat.index(after: end)...].split(separator: " ")
            guard fields.count > 2, fields[0] != "Z", fields[0] != "X", let parent = pid_t(fields[1]),
                let group = pid_t(fields[2])
            else { return nil }
            func text(_ file: String, separator: UInt8) -> String {
                let bytes = FileManager.default.contents(atPath: "/proc/\(pid)/\(file)") ?? Data()
                return String(decoding: bytes.map { $0 == 0 ? separator : $0 }, as: UTF8.self)
            }
            return Entry(
                pid: pid, parent: parent, group: group, commandLine: text("cmdline", separator: 32),
                environment: text("environ", separator: 10))
        }
    }

    /// Every process descended from `root`, children first.
    func descendants(of root: pid_t) -> [Entry] {
        var found: [Entry] = []
        var parents: Set<pid_t> = [root]
        while true {
            let seen = Set(found.map(\.pid))
            let next = entries.filter { parents.contains($0.parent) && !seen.contains($0.pid) }
            if next.isEmpty { return found }
            found += next
            parents = Set(next.map(\.pid))
        }
    }
}

/// A `lab run` in the background on ports it chooses, for tests that act while it runs.
final class RunningLab {
    let process: ChildProcess
    let runs: String
    private let log: String

    /// Starts `lab run` with `arguments`, and `environment` added to the test's own.
    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        runs = try temporaryFolder("running")
        log = runs + "/lab-output.txt"
        process = try ChildProcess.spawn(
            .init(
                productsDirectory + "/lab",
                ["run", "--backend-port", "0", "--proxy-port", "0", "--runs-dir", runs] + arguments,
                environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, log: .file(log))
        )
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
