@testable import LabCore
@testable import LabLoad
@testable import LabRecords
@testable import LabWire
import Synchronization
import Testing

import LabTestSupport

/// The arrival client: it leaves a fixed time after its own request reached the backend, whatever the proxy
/// in front did meanwhile; the wall-clock client leaves a fixed time after it sent.
@Suite struct ArrivalClientTests {
    private let timeout = Duration.milliseconds(300)

    private func plan(
        through proxy: DelayingProxy, backend: TestBackend, from start: TimeoutStart,
        _ behaviour: ClientBehaviour = .timeout
    ) -> LoadPlan {
        var plan = LoadPlan(target: proxy.chatURL, requests: 5, timeout: timeout, behaviour: behaviour)
        plan.timeoutFrom = start
        plan.arrivals = backend.base
        return plan
    }

    @Test func leavesItsTimeoutAfterItsRequestReachedTheBackendThroughASlowProxy() throws {
        let backend = try TestBackend()
        let proxy = try DelayingProxy(backend: backend.base, delay: .seconds(1))
        let summary = try LoadClient.run(plan(through: proxy, backend: backend, from: .arrival))

        #expect(summary.sent == 5 && summary.timedOut == 5, "\(summary.oneLine)")
        #expect(summary.arrived == 5 && summary.leftBeforeArrival == 0)
        #expect(try #require(summary.slowestArrivalSeconds) >= 1)
        let stats = try backend.stats { $0.clientClosed >= 5 }
        #expect(stats.started == 5 && stats.clientClosed == 5)
        // Each upstream request was held at least the client's timeout: it left after the arrival, not before.
        for record in try backend.records() {
            let held = try #require(record.endedAt) - record.startedAt
            #expect(held >= timeout.seconds - 0.005, "request #\(record.id) held \(held) s")
            #expect(record.arrivalToken != nil)
        }
        #expect(summary.leaving.hasPrefix("clients left 0.30 s after their request reached the backend"))
    }

    @Test func saysOnceWhenEveryRequestHasReachedTheBackend() throws {
        let backend = try TestBackend()
        let proxy = try DelayingProxy(backend: backend.base, delay: .milliseconds(200))
        let startedWhenSaid = Mutex<[Int]>([])
        let summary = try LoadClient.run(
            plan(through: proxy, backend: backend, from: .arrival),
            onPastTheProxy: {
                let started = (try? backend.stats().started) ?? -1
                startedWhenSaid.withLock { $0.append(started) }
            })
        #expect(summary.arrived == 5)
        #expect(startedWhenSaid.withLock { $0 } == [5], "once, when the backend had all 5")
    }

    @Test func theWallClockClientLeavesBeforeTheSlowProxyForwardsAnything() throws {
        let backend = try TestBackend()
        let proxy = try DelayingProxy(backend: backend.base, delay: .seconds(1))
        let summary = try LoadClient.run(plan(through: proxy, backend: backend, from: .sending))

        #expect(summary.timedOut == 5 && summary.arrived == nil)
        #expect(summary.leaving == "clients gave up at their 0.30 s timeout")
        // The proxy drops what its clients left during its delay: nothing ever reaches the backend.
        proxy.stop()
        #expect(try backend.stats().started == 0)
    }

    @Test func aRequestThatNeverArrivesEndsAtTheArrivalLimitAndSaysSo() throws {
        let backend = try TestBackend()
        let proxy = try DelayingProxy(backend: backend.base, delay: nil)
        var plan = plan(through: proxy, backend: backend, from: .arrival, .reset)
        plan.arrivalLimit = .milliseconds(500)
        let summary = try LoadClient.run(plan)

        #expect(summary.sent == 5 && summary.reset == 5 && summary.abandoned == 5, "\(summary.oneLine)")
        #expect(summary.arrived == 0 && summary.leftBeforeArrival == 5)
        #expect(summary.slowestArrivalSeconds == nil)
        let waited = try #require(summary.firstHangUpAt) - (try #require(summary.firstSentAt))
        #expect(waited >= 0.5 * 0.95)
        #expect(summary.leaving.contains("5 never reached it within their 0.50 s limit and reset then"))
        #expect(summary.oneLine.contains("0 left 0.30 s after arriving, 5 never arrived"))
        #expect(try backend.stats().started == 0)
    }

    @Test func aStreamThatStallsBeforeContentIsLeftItsTimeoutAfterArrivalBehindASlowProxy() throws {
        let backend = try TestBackend(behaviour: .opening)
        let proxy = try DelayingProxy(backend: backend.base, delay: .seconds(1))
        var plan = plan(through: proxy, backend: backend, from: .arrival, .afterContentChunks(3))
        plan.stream = true
        let summary = try LoadClient.run(plan)

        #expect(
            summary.timedOut == 5 && summary.leftAfterChunks == 0 && summary.arrived == 5,
            "\(summary.oneLine)")
        #expect(summary.receivedWhenAbandoned?.eventsOnly == 5)
        #expect(
            summary.leaving.hasPrefix("clients left after 3 content chunks, else 0.30 s after their request"))
        // The proxy closes each upstream request once it sees its client gone.
        #expect(try backend.stats { $0.clientClosed >= 5 }.clientClosed == 5)
        for record in try backend.records() {
            #expect(try #require(record.endedAt) - record.startedAt >= timeout.seconds - 0.005)
        }
    }

    /// The arrival limit is an hour: only a client that fell back to its wall clock ends the test.
    @Test(.timeLimit(.minutes(1)))
    func aBackendThatCannotSayWhenRequestsArrivedSendsTheClientsBackToTheWallClockAndSaysSo() throws {
        // A fake backend from before arrivals answers GET /arrivals with 404.
        let oldBackend = try RawListener(
            connections: 3, reply: "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        let backend = try TestBackend()
        var plan = LoadPlan(target: backend.chatURL, requests: 3, timeout: timeout)
        (plan.timeoutFrom, plan.arrivals) = (
            .arrival, try HTTPURL(parsing: "http://127.0.0.1:\(oldBackend.port)")
        )
        plan.arrivalLimit = .seconds(3600)
        let summary = try LoadClient.run(plan)

        #expect(summary.timedOut == 3 && summary.arrivalUnavailable == 3 && summary.leftBeforeArrival == 0)
        let waited = try #require(summary.lastHangUpAt) - (try #require(summary.firstSentAt))
        #expect(waited >= timeout.seconds * 0.95)
        #expect(
            summary.leaving.contains("3 left at their 0.30 s timeout instead, as the backend could not say"))
        #expect(summary.arrivalUnavailableReason == "GET /arrivals answered 404")
    }

    @Test func straightAtTheBackendItAsksTheTargetsOwnRoot() throws {
        let backend = try TestBackend()
        var plan = LoadPlan(target: backend.chatURL, requests: 3, timeout: timeout)
        plan.timeoutFrom = .arrival
        #expect(plan.arrivalsRoot == backend.base.appending(path: "/"))
        let summary = try LoadClient.run(plan)
        #expect(summary.arrived == 3 && summary.timedOut == 3 && summary.leftBeforeArrival == 0)
    }

    @Test func anAnswerBeforeTheArrivalIsKnownEndsTheRequestAndItsQuestion() throws {
        // A proxy that answers at once (404, a route it lacks) ends the request; its question ends with it.
        let listener = try RawListener(
            connections: 2, reply: "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        let backend = try TestBackend()
        var plan = LoadPlan(
            target: try HTTPURL(parsing: "http://127.0.0.1:\(listener.port)/v1/responses"), requests: 2,
            timeout: timeout)
        plan.timeoutFrom = .arrival
        plan.arrivals = backend.base
        let summary = try LoadClient.run(plan)
        #expect(summary.answered == ["404": 2] && summary.abandoned == 0 && summary.leftBeforeArrival == 0)
    }
}
