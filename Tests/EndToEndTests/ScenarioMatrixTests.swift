import Foundation
@testable import LabCore
@testable import LabRecords
@testable import LabReporting
@testable import LabVerdict
import Testing

@testable import LeakLab

/// Every scenario against the reported release in one matrix (one proxy start), each cell asserted with
/// the verdict measured here, then `lab report` over the result.
@Suite(.serialized, .enabled(if: endToEndEnabled, "set LAB_E2E=1 (make test does)"))
struct ScenarioMatrixTests {
    /// Every scenario at once through one proxy, on a machine that may be busy: 5 requests per scenario
    /// (95 at once, not 190) and a 3 s client timeout give the proxy room to forward each request before its
    /// client leaves (else the lab rightly says INCONCLUSIVE). The verdicts do not depend on either: the
    /// backend holds for an hour, and the router scenarios' model timeout follows the client's.
    static let roomToForward = ["--timeout", "3", "--requests", String(requests)]
    static let requests = 5

    /// LiteLLM 1.61.20 as measured here: every scenario leaks, except the Responses API, image editing, the vLLM
    /// pass-through, the RAG query and the MCP tool call, which it does not serve (NOT SERVED), the realtime
    /// websocket, which its lock cannot serve (no websocket library: NOT SERVED), and a model timeout without
    /// retries, which ends each upstream request 2 s after its client left (inside the grace window) and starts
    /// nothing new.
    static let expected: [String: VerdictKind] = Dictionary(
        uniqueKeysWithValues: Scenario.catalogue.map { scenario in
            switch scenario.name {
            case "responses", "responses-stream-mid", "images-edits", "provider-pass-through-vllm",
                "realtime", "rag-query", "mcp-tool-call":
                (scenario.name, .notServed)
            case "chat-timeout-no-retry": (scenario.name, .pass)
            default: (scenario.name, .leak)
            }
        })

    @Test func everyScenarioOnTheReportedReleaseHasItsMeasuredVerdictAndTheReportShowsThem() throws {
        let runs = try temporaryFolder("matrix")
        let (status, output) = try runProduct(
            "lab",
            [
                "matrix", "--versions", "1.61.20", "--scenarios", "all", "--proxy-port",
                "0",
                "--runs-dir", "lab-runs",
            ] + Self.roomToForward, in: runs)
        // Without --expect a matrix exits 0 unless it could not measure (69, 70): the verdicts are asserted below.
        #expect(status == 0, "\(output)")
        var report = try #require(try ReportFiles.collect(under: runs + "/lab-runs"))
        #expect(report.cells.count == Scenario.catalogue.count)
        // The report says how much of the release's routes the scenarios measure.
        let routes = try #require(report.routes?["1.61.20"])
        #expect(routes.hasPrefix("upstream routes measured: 35 of 90"), "\(routes)")
        report.cells = try report.cells.map {
            try Self.observed($0, expected: Self.expected, version: "1.61.20")
        }
        for cell in report.cells {
            #expect(cell.verdict == Self.expected[cell.scenario], "\(cell.scenario): \(cell.reason)")
        }
        let midStream = try #require(report.cells.first { $0.scenario == "chat-stream-mid" })
        #expect((midStream.cost?.chunksAfterHangUp ?? 0) > 0, "the backend kept streaming to nobody")
        // The router's retries and fallbacks start new upstream requests for clients that are gone.
        for scenario in ["chat-timeout-retry", "chat-timeout-fallback"] {
            let cell = try #require(report.cells.first { $0.scenario == scenario })
            #expect(cell.cost?.startedAfterHangUp == Self.requests, "\(scenario): \(cell.reason)")
            #expect(cell.reason.contains("started after the last client had hung up"), "\(cell.reason)")
        }
        // 1.61.20 has no /v1/responses route: FastAPI's 404, and nothing upstream.
        // A decided cell whose backend goes on streaming is stopped at once, so the proxy does not read its leaked
        // streams while the last cells are measured; a held request costs the proxy nothing, and stays held until
        // the proxy stops (ending it would cost the proxy an error and retries while others are measured).
        let matrixFolder = (midStream.folder as NSString).deletingLastPathComponent
        let proxyStopped = try #require(
            try String(contentsOfFile: matrixFolder + "/events.jsonl", encoding: .utf8)
                .split(separator: "\n").compactMap {
                    try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
                }
                .first {
                    $0["event"] as? String == "process_stopped" && $0["cell"] as? String == "litellm-1.61.20"
                })
        let proxyStoppedAt = try #require(proxyStopped["at"] as? Double)
        let streamStoppedAt = try Self.backendStopped(midStream)
        #expect(streamStoppedAt < proxyStoppedAt, "chat-stream-mid's backend stopped only when its proxy did")
        let chat = try #require(report.cells.first { $0.scenario == "chat" })
        #expect(
            try Self.backendStopped(chat) >= proxyStoppedAt,
            "chat's held requests were ended before the proxy stopped")
        let responses = try #require(report.cells.first { $0.scenario == "responses" })
        #expect(responses.reason.contains("(\(Self.requests)×404)"), "\(responses.reason)")
        let noRetry = try #require(report.cells.first { $0.scenario == "chat-timeout-no-retry" })
        #expect(noRetry.reason.contains("none started again"), "\(noRetry.reason)")

        let (reportStatus, reportOutput) = try runProduct(
            "lab", ["report", "--runs-dir", "lab-runs"], in: runs)
        #expect(reportStatus == 0, "\(reportOutput)")
        let markdown = try String(contentsOfFile: runs + "/lab-runs/report/report.md", encoding: .utf8)
        #expect(markdown.contains("| 1.61.20 |"))
        #expect(markdown.contains("lab run --litellm-version 1.61.20 --scenario chat-stream-mid"))
        #expect(FileManager.default.fileExists(atPath: runs + "/lab-runs/report/junit.xml"))
        #expect(FileManager.default.fileExists(atPath: runs + "/lab-runs/report/" + midStream.chartFileName))
    }

    /// When `cell`'s backend stopped, by the last line of its log (seconds since 1970).
    static func backendStopped(_ cell: ReportCell) throws -> Double {
        let log = try String(contentsOfFile: cell.folder + "/backend-\(cell.scenario).log", encoding: .utf8)
        let line = try #require(log.split(separator: "\n").last { $0.contains("fake-backend stopped") })
        return try Date(
            String(line.prefix(24)), strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        ).timeIntervalSince1970
    }

    /// LiteLLM 1.110.2's streams as measured here: released once the model server has sent its opening
    /// events (the proxy notices the hang-up while it waits for, or sends, the first chunk), held while it has
    /// sent nothing or only the response head (the proxy is still inside its unwatched upstream call). A
    /// pass-through stream is released too: Starlette cancels it while it waits for the next upstream chunk,
    /// and LiteLLM's aiohttp transport closes a response whose reading ends that way (from 1.90.0).
    static let newestStreams: [String: VerdictKind] = [
        "chat-stream-queued": .leak, "chat-stream-head": .leak, "chat-stream-opening": .pass,
        "chat-stream-first-token": .pass, "chat-stream-mid": .pass, "messages-stream-opening": .pass,
        "messages-stream-first-token": .pass, "messages-stream-mid": .pass, "responses-stream-mid": .pass,
        "completions-stream-mid": .pass, "pass-through-stream-mid": .pass,
    ]

    @Test func everyStallPointOnThePinnedNewestReleaseHasItsMeasuredVerdict() throws {
        let runs = try temporaryFolder("matrix-newest")
        let (status, output) = try runProduct(
            "lab",
            [
                "matrix", "--versions", "1.110.2", "--scenarios",
                Self.newestStreams.keys.sorted().joined(separator: ","), "--proxy-port",
                "0",
                "--runs-dir", "lab-runs",
            ] + Self.roomToForward, in: runs)
        #expect(status == 0, "\(output)")
        let report = try #require(try ReportFiles.collect(under: runs + "/lab-runs"))
        #expect(report.cells.count == Self.newestStreams.count)
        for cell in try report.cells.map({
            try Self.observed($0, expected: Self.newestStreams, version: "1.110.2")
        }) {
            #expect(cell.verdict == Self.newestStreams[cell.scenario], "\(cell.scenario): \(cell.reason)")
        }
    }

    /// `cell`, or, when it is INCONCLUSIVE where a verdict is expected, or LEAK where a cell documented as
    /// depending on the proxy's load is expected to PASS, the same scenario measured again alone (with the cell's
    /// `extra` options, such as its settings).
    ///
    /// INCONCLUSIVE is the lab saying it could not observe: on a starved machine, a proxy serving every scenario
    /// at once may forward requests only after their clients left. Alone, the scenario's 5 requests get the
    /// proxy to themselves; the verdict asserted is then that measurement's.
    static func observed(
        _ cell: ReportCell, expected: [String: VerdictKind], version: String, extra: [String] = []
    ) throws -> ReportCell {
        let unobserved = cell.verdict == .inconclusive && expected[cell.scenario] != .inconclusive
        let busyProxy =
            cell.verdict == .leak && expected[cell.scenario] == .pass
            && loadDependent.contains("\(version)/\(cell.scenario)")
        guard unobserved || busyProxy else { return cell }
        let runs = try temporaryFolder("again-\(cell.scenario)")
        _ = try runProduct(
            "lab",
            [
                "run", "--litellm-version", version, "--scenario", cell.scenario, "--proxy-port", "0",
                "--runs-dir", "lab-runs",
            ]
                + extra + roomToForward, in: runs)
        let again = try #require(try ReportFiles.collect(under: runs + "/lab-runs")?.cells.first)
        // Said in the test's output, so a run that needed it shows it: the shared proxy's cell, then alone.
        print(
            "ScenarioMatrixTests: \(cell.scenario) on \(version) re-measured alone: \(cell.verdict.rawValue) with"
                + " every scenario at once (\(cell.reason)), \(again.verdict.rawValue) alone (\(again.reason))"
        )
        return again
    }

    /// Cells whose verdict depends on the proxy's load (docs/scenarios.md): 1.110.2's text-completions stream
    /// sometimes keeps reading some of its upstream streams after their clients left when the proxy is busy with
    /// other cells (3 of 6 whole matrices, and 1 of 5 stall-point matrices beside two busy loops), and releases
    /// them all when it has the proxy to itself.
    static let loadDependent: Set = ["1.110.2/completions-stream-mid"]
}
