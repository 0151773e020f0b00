import Foundation
@testable import LabCore
@testable import LabLoad
import LabTestSupport
@testable import LabVerdict
@testable import LabWire
import Synchronization
import Testing
@testable import LabRecords

/// A proxy that releases its upstream requests and then opens them again must never get PASS.
@Suite struct WorkForNobodyTests {
    private func measure(through proxy: ReopeningProxy, backend: TestBackend, rules: VerdictRules) throws
        -> VerdictReport
    {
        var settings = Collector.Settings(backend: backend.base)
        settings.rules = rules
        settings.label = "reopening"
        let collector = Collector(settings: settings, output: try LineWriter(appendingTo: "/dev/null"))
        let baseline = collector.takeBaseline()
        let summary = Mutex<LoadSummary?>(nil)
        let plan = LoadPlan(
            target: try HTTPURL(parsing: "http://127.0.0.1:\(proxy.port)/v1/chat/completions"), requests: 10,
            timeout: .milliseconds(300))
        Thread { summary.withLock { $0 = try? LoadClient.run(plan) } }.start()
        return collector.observe(from: baseline) { summary.withLock { $0 } }
    }

    @Test func aProxyThatOnlyReleasesPasses() throws {
        let backend = try TestBackend()
        let proxy = try ReopeningProxy(backend: backend.base, reopenAfter: nil)
        defer { proxy.stop() }
        let report = try measure(through: proxy, backend: backend, rules: VerdictRules(grace: .seconds(1)))
        #expect(report.verdict == .pass, "\(report.reason)")
        #expect(report.decision.startedAfterHangUp == 0)
    }

    @Test func aProxyThatReleasesThenReopensIsALeakWithItsAmplification() throws {
        let backend = try TestBackend()
        let proxy = try ReopeningProxy(backend: backend.base, reopenAfter: .seconds(1))
        defer { proxy.stop() }
        // Grace and settle far longer than the re-open, so a slow machine cannot make it look quiet or let a
        // re-open fall outside the figures.
        let report = try measure(
            through: proxy, backend: backend, rules: VerdictRules(grace: .seconds(5), settle: .seconds(30)))
        #expect(report.verdict == .leak, "\(report.reason)")
        #expect(report.decision.startedAfterHangUp == 10)
        #expect(report.decision.amplification == 2)
        #expect(report.reason.contains("started after the last client had hung up: work for nobody"))
        #expect(report.cost?.startedAfterHangUp == 10)
        #expect(report.cost?.upstreamRequests == 20)
    }

    @Test func aReopenAfterTheSettleWindowIsCaughtByTheObservation() throws {
        let backend = try TestBackend()
        let proxy = try ReopeningProxy(backend: backend.base, reopenAfter: .seconds(1))
        defer { proxy.stop() }
        // Settle shorter than the re-open, observation far longer: the decision says PASS, the review LEAK.
        let report = try measure(
            through: proxy, backend: backend,
            rules: VerdictRules(grace: .seconds(0.5), settle: .seconds(0.2), observe: .seconds(8)))
        #expect(report.verdict == .leak, "\(report.reason)")
        #expect(report.reason.hasPrefix("released, then 10 upstream requests started again"))
        #expect(report.cost?.heldRequests == 10)
    }
}
