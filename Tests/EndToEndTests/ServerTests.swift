import Foundation
import Glibc
@testable import LabCore
import LabTestSupport
@testable import LabVerdict
import Testing

@testable import LeakLab

/// The servers LiteLLM runs under, on the reported release: one matrix with a row per server, each cell
/// asserted with the verdict measured here, and no process of any server outliving its run or a killed lab.
@Suite(.serialized, .enabled(if: endToEndEnabled, "set LAB_E2E=1 (make test does)"))
struct ServerTests {
    /// LiteLLM 1.61.20 as measured here (README, "The server it runs under"): a non-streaming chat leaks under
    /// every server (nothing reads the request's receive channel while the upstream call runs); a stream
    /// broken off mid-answer leaks under uvicorn and gunicorn's uvicorn workers (uvicorn announces ASGI spec
    /// 2.4, so Starlette does not listen for the disconnect, and uvicorn drops writes to a gone client
    /// without an error) and is released under hypercorn (spec 2.1: Starlette listens for
    /// `http.disconnect`, which hypercorn delivers, and cancels the stream).
    static let expected: [String: [String: VerdictKind]] = [
        "litellm-1.61.20": ["chat": .leak, "chat-stream-mid": .leak],
        "litellm-1.61.20-gunicorn-w2": ["chat": .leak, "chat-stream-mid": .leak],
        "litellm-1.61.20-hypercorn-w1": ["chat": .leak, "chat-stream-mid": .pass],
    ]

    @Test func eachServerOnTheReportedReleaseHasItsMeasuredVerdictAndLeavesNoProcess() throws {
        let runs = try temporaryFolder("servers")
        let (status, output) = try runProduct(
            "lab",
            [
                "matrix", "--versions", "1.61.20", "--servers", "uvicorn,gunicorn:2,hypercorn", "--scenarios",
                "chat,chat-stream-mid", "--proxy-port", "0", "--runs-dir", "lab-runs",
            ] + ScenarioMatrixTests.roomToForward, in: runs)
        #expect(status == 0, "\(output)")
        for row in ["1.61.20  ", "1.61.20-gunicorn-w2  ", "1.61.20-hypercorn-w1  "] {
            #expect(output.contains("\n" + row), "no row \(row) in:\n\(output)")
        }

        let matrix = runs + "/lab-runs/latest"
        let starts = try FileManager.default.contentsOfDirectory(atPath: matrix)
        for (label, verdicts) in Self.expected {
            let start = try #require(starts.first { $0.hasSuffix("-" + label) }, "no folder for \(label)")
            for (scenario, verdict) in verdicts {
                let report = try JSONCoding.read(
                    VerdictReport.self, from: "\(matrix)/\(start)/verdict-\(scenario).json")
                #expect(report.verdict == verdict, "\(label) \(scenario): \(report.reason)")
            }
        }
        // The servers really were the ones asked for: gunicorn booted two workers, hypercorn served.
        let gunicornLog = try proxyLog(in: matrix, label: "litellm-1.61.20-gunicorn-w2", among: starts)
        #expect(
            gunicornLog.components(separatedBy: "Booting worker with pid").count - 1 == 2, "\(gunicornLog)")
        let hypercornLog = try proxyLog(in: matrix, label: "litellm-1.61.20-hypercorn-w1", among: starts)
        #expect(hypercornLog.contains("using Hypercorn"), "\(hypercornLog)")

        // Every proxy start's process group (gunicorn's master and workers) ended with its run.
        let started = events(in: matrix).filter { $0.event == .processStarted }.compactMap(\.pid)
        #expect(started.count >= 3)
        for group in started {
            #expect(processes(inGroup: group).isEmpty, "group \(group) outlived the run")
        }
    }

    /// A lab killed with SIGKILL leaves gunicorn's workers to the orphan guard, which kills the proxy's group.
    @Test func aKilledLabLeavesNoGunicornWorkerBehind() throws {
        let lab = try RunningLab(["--server", "gunicorn", "--workers", "2", "--litellm-version", "1.61.20"])
        let measuring = pollUntil(within: .seconds(300)) {
            lab.events().contains { $0.event == .phaseStarted && $0.phase == .measure }
        }
        try #require(measuring, "the lab never measured: \(lab.output)")
        let group = try #require(lab.events().first { $0.event == .processStarted }?.pid)
        // The master and both workers.
        #expect(processes(inGroup: group).count >= 3)
        kill(lab.process.pid, SIGKILL)
        _ = lab.process.waitForExit()
        waitUntil { processes(inGroup: group).isEmpty }
    }

    private func proxyLog(in matrix: String, label: String, among starts: [String]) throws -> String {
        let start = try #require(starts.first { $0.hasSuffix("-" + label) })
        return try String(contentsOfFile: "\(matrix)/\(start)/proxy.log", encoding: .utf8)
    }

    private func events(in folder: String) -> [LabEvent] {
        let text = (try? String(contentsOfFile: folder + "/events.jsonl", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap {
            try? JSONCoding.decode(LabEvent.self, from: Data($0.utf8))
        }
    }
}

/// The running processes (zombies left out) whose process group is `group`.
func processes(inGroup group: pid_t) -> [pid_t] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { pid_t($0) }.filter { pid in
        guard isRunning(pid),
            let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let end = stat.lastIndex(of: ")")
        else { return false }
        // After the command's closing parenthesis: state, parent, process group.
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        return fields.count > 2 && pid_t(fields[2]) == group
    }
}
