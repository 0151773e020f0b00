import Foundation
import LabTestSupport
@testable import LabCore
@testable import LabProxies
@testable import LabVerdict
import Testing

@testable import LeakLab

/// A proxy that says its port was taken on its first start (as uvicorn says it, then logs its shutdown at
/// length, and exits), and serves on
/// the next: Python's `http.server`, whose `GET /` answers the health check with 200 and every `POST` with 501.
private struct PortTakenOnceProxy: ProxyUnderTest {
    let executable: String

    init(in folder: String) throws {
        executable = folder + "/litellm"
        try """
        #!/bin/sh
        # Called as: --config FILE --host HOST --port PORT
        if [ ! -e "\(folder)/taken-once" ]; then
            touch "\(folder)/taken-once"
            echo "ERROR:    [Errno 98] error while attempting to bind on address ('$4', $6): address already in use"
            # As LiteLLM 1.110.2 does: its shutdown then logs a long traceback of tasks it cancels.
            for line in $(seq 80); do echo "  File \"shutdown.py\", line $line, in cancelled_task"; done
            exit 3
        fi
        exec python3 -m http.server "$6" --bind "$4"
        """.write(toFile: executable, atomically: true, encoding: .utf8)
        chmod(executable, 0o755)
    }

    var label: String { "port-taken-once" }
    var versions: [String: String] { [:] }
    var needsWarmUp: Bool { false }

    func prepare(folder: RunFolder, say: (String) -> Void, progress: @escaping @Sendable (String) -> Void)
        -> Bool
    {
        false
    }

    func start(routes: [ScenarioRig], port: Int, folder: RunFolder, say: (String) -> Void) throws
        -> StartedProxy
    {
        let process = try ProxyProcess.startLiteLLM(
            executable: executable, configFile: "unused", port: port, log: folder.file("proxy.log"))
        return try StartedProxy(process: process, apiKey: nil, healthPath: "/")
    }
}

/// Runs one cell through `PortTakenOnceProxy` on `proxyPort`, quickly: a short timeout and windows.
private func runCell(proxyPort: Int) throws -> (result: CellResult, events: [LabEvent]) {
    let scratch = TestFiles.path("leak-lab-port-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    var settings = LabSettings()
    (settings.machine.backendPort, settings.machine.proxyPort, settings.machine.runsRoot) = (
        0, proxyPort, scratch + "/runs"
    )
    settings.load.clientTimeout = .milliseconds(500)
    settings.judging.rules = VerdictRules(grace: .seconds(1), settle: .milliseconds(200))
    let executor = try ExperimentExecutor(
        settings: settings, label: "port", prefix: "test", output: try LineWriter(appendingTo: "/dev/null"),
        interruption: LabInterruption { _ in })
    let results = try executor.run(
        ExperimentPlan(
            proxies: [try PortTakenOnceProxy(in: scratch)], scenarios: [Scenario.catalogue[0]], layout: .cell)
    )
    let lines = try String(contentsOfFile: executor.folder.file("events.jsonl"), encoding: .utf8)
    let events = try lines.split(separator: "\n").map {
        try JSONCoding.decode(LabEvent.self, from: Data($0.utf8))
    }
    return (try #require(results.first), events)
}

@Suite struct ProxyPortTests {
    @Test func aProxyThatFindsThePortTheLabChoseTakenIsStartedAgainOnAnother() throws {
        let (result, events) = try runCell(proxyPort: 0)

        let starts = events.filter { $0.event == .processStarted }
        #expect(starts.count == 2)
        #expect(Set(starts.compactMap(\.port)).count == 2, "a port of its own for each start")
        let firstStopped = try #require(events.firstIndex { $0.event == .processStopped })
        #expect(firstStopped < (events.lastIndex { $0.event == .processStarted } ?? 0))
        // The load went through the second start: Python answered every request.
        #expect(result.report.load?.answered == ["501": 10], "\(result.report.reason)")
    }

    @Test func aPortTheUserChoseIsNeverChangedAndATakenOneMakesTheCellInconclusive() throws {
        let (result, events) = try runCell(proxyPort: 9)

        #expect(events.filter { $0.event == .processStarted }.map(\.port) == [9])
        #expect(result.report.verdict == .inconclusive)
        #expect(
            result.report.reason.hasPrefix(
                "the proxy never became healthy: the LiteLLM proxy could not listen on 127.0.0.1:9: another "
                    + "program took the port"))
    }
}
