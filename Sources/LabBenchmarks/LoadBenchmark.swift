import Foundation
import LabCore
import LabLoad
import LabProcesses
import LabRecords

/// Measures the load methods firing N requests that each hang up at the timeout: the lab's `load-client`
/// (one process, one event loop) and the original reproduction's one `curl --max-time` per request.
///
/// Each run gets a fresh `fake-backend`, whose records give the arrival and hang-up of every request.
struct LoadBenchmark {
    /// A way of firing the load.
    enum Method: String {
        /// The lab's `load-client`: one process, one event loop.
        case loadClient = "load-client"
        /// The original reproduction's one `curl --max-time` process per request.
        case curl
    }

    /// Where the programs are.
    let tools: BenchTools
    /// Where summaries and logs go.
    let workFolder: String
    /// The client timeout of every request.
    var timeout: Duration = .seconds(1)

    /// `load-client --requests N --timeout T` against a fresh backend on `port`.
    ///
    /// Its summary gives only the last hang-up, so each hang-up's lateness is bounded from the backend's
    /// side: every deadline is at least the summary's `started_at` plus the timeout, and each request
    /// ended at the backend after its hang-up, so `ended_at - (started_at + timeout)` never understates it.
    func loadClient(requests: Int, port: Int) throws -> LoadMethodResult {
        let summaryPath = "\(workFolder)/load-client-\(requests).json"
        return try measure(.loadClient, requests: requests, port: port) { backend, sampler in
            let spec = ChildProcess.Spec(
                tools.loadClient,
                [
                    "--target", backend.apiURL.description, "--requests", String(requests),
                    "--timeout", String(timeout.seconds), "--summary", summaryPath,
                ],
                log: .file("\(workFolder)/load-client-\(requests).log"))
            let client = try ChildProcess.spawn(spec)
            defer { client.stop(grace: .seconds(3)) }
            sampler.add(client)
            let status = client.waitForExit()
            guard status.isSuccess else { throw BenchError("load-client ended with \(status)") }
            let summary = try JSONCoding.read(LoadSummary.self, from: summaryPath)
            let earliestDeadline = summary.startedAt + timeout.seconds
            return ToolRun(
                processes: 1, timedOut: summary.timedOut, launchWindowSeconds: summary.launchWindowSeconds,
                lateness: { records in records.compactMap { $0.endedAt.map { $0 - earliestDeadline } } },
                latenessMethod: "upper bound from the backend: ended_at − (load start + timeout)")
        }
    }

    /// One `curl --max-time T` process per request, all started in the background as the original script does.
    ///
    /// curl reports its own total time (`-w %{time_total}`), so each hang-up's lateness is exact from its side.
    func curl(requests: Int, port: Int) throws -> LoadMethodResult {
        let outputPath = "\(workFolder)/curl-\(requests).out"
        return try measure(.curl, requests: requests, port: port) { backend, sampler in
            let arguments = [
                "-s", "-o", "/dev/null", "-w", "%{time_total}\\n", "--max-time", String(timeout.seconds),
                "-X", "POST", "-H", "Content-Type: application/json", "-d", LoadPlan.originalChatBody,
                backend.apiURL.description,
            ]
            var curls: [ChildProcess] = []
            defer { curls.forEach { $0.stop(grace: .seconds(3)) } }
            for _ in 0..<requests {
                let curl = try ChildProcess.spawn(.init(tools.curl, arguments, log: .file(outputPath)))
                curls.append(curl)
                sampler.add(curl)
            }
            // curl exits 28 when --max-time passes: the request was abandoned, as intended.
            let timedOut = curls.map { $0.waitForExit() }.filter { $0 == .exited(28) }.count
            let totals = LogFile.text(outputPath).split(separator: "\n").compactMap { Double($0) }
            return ToolRun(
                processes: requests, timedOut: timedOut, launchWindowSeconds: nil,
                lateness: { _ in totals.map { $0 - timeout.seconds } },
                latenessMethod: "exact, curl's own time_total − max-time")
        }
    }

    /// What a method's own run reports, before the backend's records are read.
    private struct ToolRun {
        var processes: Int
        var timedOut: Int
        var launchWindowSeconds: Double?
        var lateness: ([BenchBackend.Record]) -> [Double]
        var latenessMethod: String
    }

    private func measure(
        _ method: Method, requests: Int, port: Int, run: (BenchBackend, ResidentSampler) throws -> ToolRun
    ) throws -> LoadMethodResult {
        let backend = try BenchBackend.start(
            .fakeBackend, tools: tools, port: port,
            log: "\(workFolder)/backend-\(method.rawValue)-\(requests).log")
        defer { backend.stop() }
        let sampler = ResidentSampler()
        let cpuBefore = ReapedChildren.cpuSeconds()
        let started = LabClock.monotonicNanoseconds()
        let outcome: ToolRun
        do {
            outcome = try run(backend, sampler)
        } catch {
            _ = sampler.stop()
            throw error
        }
        let wallSeconds = Double(LabClock.monotonicNanoseconds() - started) / 1e9
        let peak = sampler.stop()
        let cpuSeconds = ReapedChildren.cpuSeconds() - cpuBefore

        try backend.waitFor("every request end", timeout: .seconds(30), interval: .milliseconds(50)) {
            $0.active == 0
        }
        let records = try backend.records()
        let arrivals = records.map(\.startedAt)
        return LoadMethodResult(
            tool: method.rawValue, requests: requests, timeoutSeconds: timeout.seconds,
            processes: outcome.processes,
            timedOut: outcome.timedOut, seenByBackend: records.count,
            launchWindowSeconds: outcome.launchWindowSeconds,
            arrivalSpreadSeconds: arrivals.max().map { $0 - arrivals.min()! },
            hangUpLateness: Percentiles(outcome.lateness(records)), latenessMethod: outcome.latenessMethod,
            cpuSeconds: cpuSeconds, peakResidentBytes: peak.residentBytes,
            peakAnonymousBytes: peak.anonymousBytes, wallSeconds: wallSeconds)
    }
}
