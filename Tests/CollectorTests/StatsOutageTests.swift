import Foundation
@testable import LabCore
@testable import LabEventLoop
@testable import LabLoad
import LabTestSupport
@testable import LabVerdict
@testable import LabWire
import Synchronization
import Testing

/// A `/stats` relay in front of a backend that refuses every connection during an outage window.
private final class FlakyStatsRelay: Sendable {
    let port: Int
    private let listener: Int32
    private let outage: ClosedRange<Double>
    private let stopped = Atomic<Bool>(false)

    init(backend: HTTPURL, outageSeconds outage: ClosedRange<Double>) throws {
        listener = try Socket.listen(host: "127.0.0.1", port: 0)
        port = try SocketAddress.local(of: listener).port
        self.outage = outage
        let start = LabClock.unixSeconds()
        let thread = Thread { [self] in
            while !stopped.load(ordering: .relaxed) {
                var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
                guard poll(&entry, 1, 50) > 0 else { continue }
                let client = accept(listener, nil, nil)
                guard client >= 0 else { continue }
                var request = [UInt8](repeating: 0, count: 4096)
                let received = recv(client, &request, request.count, 0)
                // The request line's target (`/stats?since=...`), relayed as asked.
                let target =
                    String(decoding: request.prefix(max(0, received)), as: UTF8.self)
                    .split(separator: " ").dropFirst().first.map(String.init) ?? "/stats"
                if !self.outage.contains(LabClock.unixSeconds() - start),
                    let response = try? HTTPFetch.get(backend.appending(path: target))
                {
                    let bytes = response.serialized()
                    _ = bytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                }
                close(client)
            }
        }
        thread.start()
    }

    func stop() {
        stopped.store(true, ordering: .relaxed)
    }
}

@Suite struct StatsOutageTests {
    @Test func samplingGoesOnThroughAStatsOutageSaysSoAndStillDecides() throws {
        let backend = try TestBackend()
        let relay = try FlakyStatsRelay(backend: backend.base, outageSeconds: 0.4...1.6)
        defer { relay.stop() }
        var settings = Collector.Settings(backend: try HTTPURL(parsing: "http://127.0.0.1:\(relay.port)"))
        settings.label = "outage"
        let transcript = NSTemporaryDirectory() + "leak-lab-outage-\(UUID().uuidString.prefix(8)).log"
        let collector = Collector(
            settings: settings, output: try LineWriter(appendingTo: transcript, timestamps: false))
        let baseline = collector.takeBaseline()
        let summary = Mutex<LoadSummary?>(nil)
        let plan = LoadPlan(target: backend.chatURL, requests: 10, timeout: .milliseconds(800))
        Thread { summary.withLock { $0 = try? LoadClient.run(plan) } }.start()

        let report = collector.observe(from: baseline) { summary.withLock { $0 } }

        #expect(report.verdict == .pass, "\(report.reason)")
        #expect(report.samples.contains { $0.error != nil }, "the outage shows in the samples")
        #expect(try String(contentsOfFile: transcript, encoding: .utf8).contains("stats unreachable"))
        let firstReachableAfterOutage = try #require(
            report.samples.first { $0.stats != nil && $0.at > baseline.at + 1.6 })
        #expect(report.samples.last!.at >= firstReachableAfterOutage.at, "decided only once stats came back")
    }

    @Test func aBackendWhoseStatsNeverComeBackIsInconclusive() throws {
        let backend = try TestBackend()
        let relay = try FlakyStatsRelay(backend: backend.base, outageSeconds: 0.3...1_000)
        defer { relay.stop() }
        var settings = Collector.Settings(backend: try HTTPURL(parsing: "http://127.0.0.1:\(relay.port)"))
        settings.rules = VerdictRules(grace: .seconds(0.5), statsPatience: .seconds(0.5))
        let collector = Collector(settings: settings, output: try LineWriter(appendingTo: "/dev/null"))
        let baseline = collector.takeBaseline()
        // Until the outage has begun: then no poll of the decision can be answered.
        let stats = try HTTPURL(parsing: "http://127.0.0.1:\(relay.port)/stats")
        while (try? HTTPFetch.get(stats, timeout: .seconds(1)))?.head.status.code == 200 {}
        var load = LoadSummary(target: "x", requests: 10, timeoutSeconds: 1, startedAt: baseline.at)
        load.sent = 10
        load.timedOut = 10
        load.lastHangUpAt = LabClock.unixSeconds()

        let report = collector.observe(from: baseline) { load }

        #expect(report.verdict == .inconclusive)
        #expect(report.reason.contains("unreachable"))
    }
}
