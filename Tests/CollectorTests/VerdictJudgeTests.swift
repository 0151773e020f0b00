@testable import LabBackend
@testable import LabLoad
@testable import LabVerdict
import Testing
@testable import LabRecords

/// Builds evidence on a timeline where the clients hang up at t = 100 s.
private struct Scenario {
    static let hangUp = 100.0
    var rules = VerdictRules(
        grace: .seconds(3), settle: .seconds(2), statsPatience: .seconds(5), loadPatience: .seconds(120))
    var baseline = StatsSample(at: 98, stats: stats(active: 0, started: 0))
    var samples: [StatsSample] = []
    var load: LoadSummary? = Scenario.abandonedLoad(10)

    static func stats(active: Int, started: Int) -> BackendStats {
        BackendStats(
            active: active, started: started, completed: 0, clientClosed: started - active, rejected: 0,
            time: 0, uptimeSeconds: 0)
    }

    static func abandonedLoad(_ count: Int) -> LoadSummary {
        var load = LoadSummary(
            target: "http://127.0.0.1:4000/v1/chat/completions", requests: count,
            timeoutSeconds: 1, startedAt: 99)
        load.sent = count
        load.timedOut = count
        load.lastHangUpAt = hangUp
        return load
    }

    /// A poll as the collector makes it: from the hang-up on it asks how many requests started after it
    /// (`late`, none by default).
    mutating func sample(at time: Double, active: Int, started: Int, late: Int = 0) {
        var stats = Self.stats(active: active, started: started)
        if time >= Self.hangUp {
            stats.since = Self.hangUp
            stats.startedSince = late
        }
        samples.append(StatsSample(at: time, stats: stats))
    }

    mutating func unreachable(at time: Double) {
        samples.append(StatsSample(at: time, error: "connection refused"))
    }

    var evidence: VerdictJudge.Evidence { .init(baseline: baseline, samples: samples, load: load) }

    func decide(now: Double) -> Verdict? {
        VerdictJudge.decide(evidence, rules: rules, now: now)
    }
}

@Suite struct VerdictJudgeTests {
    @Test func passesOnceTheSettleWindowAfterTheReleasePassedQuietly() throws {
        var scenario = Scenario()
        scenario.sample(at: 99.5, active: 10, started: 10)
        scenario.sample(at: 100.1, active: 0, started: 10)
        #expect(scenario.decide(now: 100.1) == nil, "no PASS before the settle window has passed")
        scenario.sample(at: 102.1, active: 0, started: 10)
        let verdict = try #require(scenario.decide(now: 102.1))
        #expect(verdict.kind == .pass)
        #expect(verdict.seenByBackend == 10)
        #expect(verdict.startedAfterHangUp == 0)
        #expect(abs((verdict.releaseSeconds ?? -1) - 0.1) < 1e-9)
        #expect(verdict.reason.contains("none started again within 2.00 s"))
    }

    @Test func aLoadClientStoppedBeforeItsRequestsEndedIsNoVerdict() throws {
        var scenario = Scenario()
        scenario.load?.stoppedBy = "SIGTERM"
        scenario.sample(at: 100.1, active: 10, started: 10)
        scenario.sample(at: 103.1, active: 10, started: 10)
        let verdict = try #require(scenario.decide(now: 103.1))
        #expect(verdict.kind == .inconclusive)
        #expect(verdict.reason.hasPrefix("the load client was stopped by SIGTERM before its requests ended"))
    }

    @Test func takesTheReleaseTimeFromTheBackendsOwnClockWhenItHasOne() throws {
        var scenario = Scenario()
        var stats = Scenario.stats(active: 0, started: 10)
        stats.lastEndedAt = 100.004
        (stats.since, stats.startedSince) = (Scenario.hangUp, 0)
        scenario.samples.append(StatsSample(at: 100.1, stats: stats))
        scenario.sample(at: 102.2, active: 0, started: 10)
        let verdict = try #require(scenario.decide(now: 102.2))
        #expect(abs((verdict.releaseSeconds ?? -1) - 0.004) < 1e-9)
        #expect(
            verdict.reason.hasPrefix(
                "all 10 upstream requests were released 4.0 ms after the clients hung up"))
    }

    @Test func aProxyThatReleasesAndThenRetriesNeverPasses() throws {
        var scenario = Scenario()
        scenario.sample(at: 100.1, active: 0, started: 10)
        scenario.sample(at: 100.5, active: 10, started: 20, late: 10)
        #expect(scenario.decide(now: 102.9) == nil, "the whole grace window is measured first")
        scenario.sample(at: 103.0, active: 10, started: 20, late: 10)
        let verdict = try #require(scenario.decide(now: 103.0))
        #expect(verdict.kind == .leak)
        #expect(verdict.startedAfterHangUp == 10)
        #expect(verdict.amplification == 2)
        #expect(
            verdict.reason.hasPrefix(
                "10 upstream requests started after the last client had hung up: work for nobody "
                    + "(20 upstream requests for 10 abandoned clients, 2.0×; 10 held 3.00 s after the hang-up)"
            ))
    }

    /// As measured on a starved machine (1.61.20, `chat-timeout-retry`): forwards took up to 0.87 s, and the
    /// router's retry reached the backend 2.3 s after the release, past a fixed 2 s window.
    @Test func aSlowProxysSettleWindowIsStretchedByTwiceItsSlowestForward() throws {
        var quiet = Scenario()
        quiet.load?.slowestArrivalSeconds = 0.95
        quiet.sample(at: 100.1, active: 0, started: 10)
        quiet.sample(at: 102.2, active: 0, started: 10)
        #expect(quiet.decide(now: 102.2) == nil, "2 s after the release is not enough for this proxy")
        quiet.sample(at: 104.0, active: 0, started: 10)
        let pass = try #require(quiet.decide(now: 104.0))
        #expect(pass.kind == .pass)
        #expect(
            pass.reason.contains(
                "none started again within 3.90 s (the 2.00 s settle window plus twice the proxy's slowest "
                    + "forward, 0.95 s)"), "\(pass.reason)")

        var retried = Scenario()
        retried.load?.slowestArrivalSeconds = 0.95
        retried.sample(at: 100.1, active: 0, started: 10)
        retried.sample(at: 102.2, active: 0, started: 10)
        retried.sample(at: 102.4, active: 10, started: 20, late: 10)
        retried.sample(at: 103.1, active: 10, started: 20, late: 10)
        let leak = try #require(retried.decide(now: 103.1))
        #expect(leak.kind == .leak, "\(leak.reason)")
        #expect(leak.startedAfterHangUp == 10)
    }

    @Test func aRetryThatStartsAndEndsWithinTheSettleWindowIsStillALeak() throws {
        var scenario = Scenario()
        scenario.sample(at: 100.1, active: 0, started: 10)
        scenario.sample(at: 101.0, active: 0, started: 12, late: 2)
        scenario.sample(at: 103.1, active: 0, started: 12, late: 2)
        let verdict = try #require(scenario.decide(now: 103.1))
        #expect(verdict.kind == .leak)
        #expect(verdict.reason.contains("2 upstream requests started after the last client had hung up"))
        #expect(verdict.reason.contains("none held now"))
    }

    @Test func requestsForwardedOnlyAfterTheirClientsLeftAreNotTheScenarioMeasured() throws {
        var scenario = Scenario()
        scenario.sample(at: 100.5, active: 10, started: 10, late: 10)
        scenario.sample(at: 103.0, active: 10, started: 10, late: 10)
        let verdict = try #require(scenario.decide(now: 103.0))
        #expect(verdict.kind == .inconclusive)
        #expect(
            verdict.reason.hasPrefix(
                "the proxy forwarded 10 of the 10 requests only after the clients had hung up"))
        #expect(VerdictJudge.blamesLateForwarding(verdict.reason))
    }

    @Test func lateFirstForwardsAndRetriesTogetherAreStillALeak() throws {
        var scenario = Scenario()
        scenario.sample(at: 100.5, active: 6, started: 6)
        scenario.sample(at: 103.0, active: 8, started: 14, late: 8)
        let verdict = try #require(scenario.decide(now: 103.0))
        #expect(verdict.kind == .leak)
        #expect(verdict.amplification == 1.4)
    }

    @Test func aHeldCountThatRisesAgainDuringTheSettleWindowIsALeakEvenUncounted() throws {
        var scenario = Scenario()
        scenario.sample(at: 100.1, active: 0, started: 10)
        scenario.sample(at: 101.0, active: 3, started: 13)
        scenario.sample(at: 102.2, active: 3, started: 13)
        let verdict = try #require(scenario.decide(now: 102.2))
        #expect(verdict.kind == .leak)
        #expect(verdict.reason.hasPrefix("released, then 3 upstream requests held again"))
    }

    @Test func neverPassesWhenTheBackendCannotCountLateStarts() throws {
        var scenario = Scenario()
        for time in [100.1, 102.2] {
            scenario.samples.append(StatsSample(at: time, stats: Scenario.stats(active: 0, started: 10)))
        }
        let verdict = try #require(scenario.decide(now: 102.2))
        #expect(verdict.kind == .inconclusive)
        #expect(verdict.reason.contains("does not count requests that start after the hang-up"))
    }

    @Test func inconclusiveWhenStatsStayUnreachableThroughTheSettleWindow() throws {
        var scenario = Scenario()
        scenario.sample(at: 100.1, active: 0, started: 10)
        scenario.unreachable(at: 102.2)
        #expect(scenario.decide(now: 102.2) == nil)
        scenario.unreachable(at: 107.2)
        let verdict = try #require(scenario.decide(now: 107.2))
        #expect(verdict.kind == .inconclusive)
        #expect(verdict.reason.contains("unreachable after the settle window"))
    }

    @Test func anObservationThatSeesARetryTurnsAPassIntoALeak() throws {
        var scenario = Scenario()
        scenario.sample(at: 100.1, active: 0, started: 10)
        scenario.sample(at: 102.2, active: 0, started: 10)
        let pass = try #require(scenario.decide(now: 102.2))
        #expect(pass.kind == .pass)
        #expect(VerdictJudge.review(pass, scenario.evidence) == pass)
        scenario.sample(at: 110.0, active: 10, started: 20, late: 10)
        let reviewed = VerdictJudge.review(pass, scenario.evidence)
        #expect(reviewed.kind == .leak)
        #expect(reviewed.startedAfterHangUp == 10)
        #expect(reviewed.reason.hasPrefix("released, then 10 upstream requests started again"))
    }

    @Test func anObservationLeavesALeakALeak() throws {
        var scenario = Scenario()
        scenario.sample(at: 103.1, active: 10, started: 10)
        let leak = try #require(scenario.decide(now: 103.1))
        scenario.sample(at: 110.0, active: 0, started: 10)
        #expect(VerdictJudge.review(leak, scenario.evidence) == leak)
    }

    @Test func staysUndecidedWhileRequestsAreHeldInsideTheGraceWindow() {
        var scenario = Scenario()
        scenario.sample(at: 101, active: 10, started: 10)
        #expect(scenario.decide(now: 102.9) == nil)
    }

    @Test func leaksWhenRequestsAreStillHeldAfterTheGraceWindow() throws {
        var scenario = Scenario()
        scenario.sample(at: 101, active: 10, started: 10)
        scenario.sample(at: 103.1, active: 10, started: 10)
        let verdict = try #require(scenario.decide(now: 103.1))
        #expect(verdict.kind == .leak)
        #expect(verdict.stillHeld == 10)
        #expect(verdict.reason.contains("10 of 10 upstream requests still held 3.10 s"))
    }

    @Test func countsHeldRequestsRelativeToTheBaseline() throws {
        var scenario = Scenario()
        scenario.baseline = StatsSample(at: 98, stats: Scenario.stats(active: 4, started: 20))
        scenario.sample(at: 100.2, active: 4, started: 30)
        scenario.sample(at: 102.2, active: 4, started: 30)
        #expect(try #require(scenario.decide(now: 102.2)).kind == .pass)
    }

    @Test func leakNeedsASampleTakenAfterTheGraceWindow() {
        var scenario = Scenario()
        scenario.sample(at: 101, active: 10, started: 10)
        scenario.unreachable(at: 103.5)
        #expect(scenario.decide(now: 103.5) == nil)
    }

    @Test func inconclusiveWhenStatsStayUnreachablePastThePatience() throws {
        var scenario = Scenario()
        scenario.sample(at: 101, active: 10, started: 10)
        scenario.unreachable(at: 108.1)
        let verdict = try #require(scenario.decide(now: 108.1))
        #expect(verdict.kind == .inconclusive)
        #expect(verdict.reason.contains("unreachable"))
        #expect(verdict.reason.contains("connection refused"))
    }

    @Test func neverPassesWhenTheBackendSawFewerRequestsThanWereAbandoned() throws {
        var scenario = Scenario()
        scenario.sample(at: 100.1, active: 0, started: 7)
        #expect(scenario.decide(now: 102.1) == nil)
        scenario.sample(at: 103.2, active: 0, started: 7)
        let verdict = try #require(scenario.decide(now: 103.2))
        #expect(verdict.kind == .inconclusive)
        #expect(verdict.reason.contains("only 7 of the 10"))
    }

    @Test func inconclusiveWhenNoRequestReachedTheBackend() throws {
        var scenario = Scenario()
        scenario.sample(at: 103.5, active: 0, started: 0)
        let verdict = try #require(scenario.decide(now: 103.5))
        #expect(verdict.kind == .inconclusive)
        #expect(verdict.reason.contains("none of the 10"))
        #expect(VerdictJudge.blamesLateForwarding(verdict.reason))
    }

    @Test func inconclusiveWhenTheBackendSawOnlySomeOfTheRequests() throws {
        var scenario = Scenario()
        scenario.sample(at: 103.5, active: 6, started: 6)
        let verdict = try #require(scenario.decide(now: 103.5))
        #expect(verdict.kind == .inconclusive)
        #expect(verdict.reason.hasPrefix("the backend saw only 6 of the 10 abandoned requests within"))
        #expect(VerdictJudge.blamesLateForwarding(verdict.reason))
    }

    @Test func inconclusiveWhenNothingWasAbandoned() throws {
        var scenario = Scenario()
        var load = Scenario.abandonedLoad(10)
        load.timedOut = 0
        load.answered = ["401": 10]
        load.lastHangUpAt = nil
        scenario.load = load
        let verdict = try #require(scenario.decide(now: 100))
        #expect(verdict.kind == .inconclusive)
        #expect(verdict.reason.contains("no request was abandoned"))
        #expect(verdict.reason.contains("10×401"))
        #expect(
            !VerdictJudge.blamesLateForwarding(verdict.reason),
            "a route answering by itself is no late forward")
    }

    @Test func anInconclusiveOfServerErrorsSaysWhatTheProxySaid() throws {
        var scenario = Scenario()
        scenario.load = answeredLoad(["500": 10])
        scenario.load?.serverErrorLine = "litellm.APIConnectionError: TypeError: Invalid timeout"
        let verdict = try #require(scenario.decide(now: 100))
        #expect(verdict.kind == .inconclusive)
        #expect(
            verdict.reason.hasPrefix(
                "no request was abandoned: the target answered before the client timeout"))
        #expect(
            verdict.reason.hasSuffix(
                "10 answered (10×500)); the proxy said: litellm.APIConnectionError: TypeError: Invalid timeout"
            ))
    }

    @Test func anInconclusiveOfServerErrorsThatSaidNothingQuotesNothing() throws {
        var scenario = Scenario()
        scenario.load = answeredLoad(["500": 10])
        let verdict = try #require(scenario.decide(now: 100))
        #expect(verdict.kind == .inconclusive)
        #expect(verdict.reason.hasSuffix("10 answered (10×500))"))
        #expect(!verdict.reason.contains("the proxy said"))
    }

    @Test func anInconclusiveOfAbandonedRequestsAlsoSaysWhatTheProxySaidToTheOthers() throws {
        var scenario = Scenario()
        scenario.load?.answered = ["502": 2]
        scenario.load?.serverErrorLine = "upstream connect error"
        scenario.sample(at: 103.5, active: 0, started: 0)
        let verdict = try #require(scenario.decide(now: 103.5))
        #expect(verdict.kind == .inconclusive)
        #expect(verdict.reason.contains("none of the 10"))
        #expect(verdict.reason.hasSuffix("; the proxy said: upstream connect error"))
    }

    @Test func aLeakDoesNotQuoteTheProxy() throws {
        var scenario = Scenario()
        scenario.load?.answered = ["500": 1]
        scenario.load?.serverErrorLine = "boom"
        scenario.sample(at: 103.5, active: 10, started: 10)
        let verdict = try #require(scenario.decide(now: 103.5))
        #expect(verdict.kind == .leak)
        #expect(!verdict.reason.contains("boom"))
    }

    /// A load whose every request the proxy answered itself with `answers`.
    private func answeredLoad(_ answers: [String: Int]) -> LoadSummary {
        var load = Scenario.abandonedLoad(10)
        load.timedOut = 0
        load.answered = answers
        load.lastHangUpAt = nil
        return load
    }

    @Test(arguments: [["404": 10], ["405": 10], ["404": 4, "405": 6]])
    func notServedWhenTheProxyRefusedEveryRequestAsAnUnknownRouteAndSentNoneUpstream(answers: [String: Int])
        throws
    {
        var scenario = Scenario()
        scenario.load = answeredLoad(answers)
        #expect(
            scenario.decide(now: 100) == nil, "undecided until the backend's counters after the load are in")
        scenario.sample(at: 100.1, active: 0, started: 0)
        let verdict = try #require(scenario.decide(now: 100.1))
        #expect(verdict.kind == .notServed)
        #expect(verdict.reason.contains("does not serve the route"))
        #expect(verdict.kind.exitCode == 3)
        #expect(verdict.exitCode(expecting: .leak) == 3, "nothing to match: the route is not there")
    }

    @Test func a404ThatAReachedBackendAnsweredIsNoMissingRoute() throws {
        var scenario = Scenario()
        scenario.load = answeredLoad(["404": 10])
        scenario.sample(at: 100.1, active: 0, started: 10)
        let verdict = try #require(scenario.decide(now: 100.1))
        #expect(verdict.kind == .inconclusive, "the proxy forwarded them: its route exists")
    }

    @Test func someRefusedAndSomeAnsweredIsNoMissingRoute() throws {
        var scenario = Scenario()
        scenario.load = answeredLoad(["404": 5, "200": 5])
        scenario.sample(at: 100.1, active: 0, started: 0)
        #expect(try #require(scenario.decide(now: 100.1)).kind == .inconclusive)
    }

    @Test func inconclusiveWhenTheLoadCouldNotConnect() throws {
        var scenario = Scenario()
        var load = Scenario.abandonedLoad(10)
        load.sent = 0
        load.timedOut = 0
        load.connectErrors = 10
        scenario.load = load
        let verdict = try #require(scenario.decide(now: 100))
        #expect(verdict.kind == .inconclusive)
        #expect(verdict.reason.contains("never reached its target"))
    }

    @Test func inconclusiveWhenTheBaselineWasUnreachable() throws {
        var scenario = Scenario()
        scenario.baseline = StatsSample(at: 98, error: "connection refused")
        let verdict = try #require(scenario.decide(now: 98))
        #expect(verdict.kind == .inconclusive)
    }

    @Test func waitsForTheLoadThenGivesUpAfterItsPatience() throws {
        var scenario = Scenario()
        scenario.load = nil
        #expect(scenario.decide(now: 200) == nil)
        #expect(try #require(scenario.decide(now: 219)).kind == .inconclusive)
    }

    @Test func inconclusiveWhenCountersGoBackwards() throws {
        var scenario = Scenario()
        scenario.baseline = StatsSample(at: 98, stats: Scenario.stats(active: 0, started: 50))
        scenario.sample(at: 100.1, active: 0, started: 10)
        #expect(try #require(scenario.decide(now: 100.1)).kind == .inconclusive)
    }

    @Test func samplesBeforeTheHangUpNeverDecidePass() {
        var scenario = Scenario()
        scenario.sample(at: 99.0, active: 0, started: 10)
        #expect(scenario.decide(now: 99.9) == nil)
    }

    @Test(arguments: [
        (VerdictKind.pass, VerdictExpectation?.none, Int32(0)), (.leak, nil, 1), (.inconclusive, nil, 2),
        (.leak, .leak, 0), (.pass, .leak, 1), (.pass, .noLeak, 0), (.leak, .noLeak, 1),
        (.inconclusive, .leak, 2),
    ])
    func exitCodeFollowsTheVerdictAndTheExpectation(
        kind: VerdictKind, expectation: VerdictExpectation?, code: Int32
    ) {
        let verdict = Verdict(kind: kind, reason: "", abandoned: 0, seenByBackend: 0, stillHeld: 0)
        #expect(verdict.exitCode(expecting: expectation) == code)
    }
}

@Suite struct CounterInvariantTests {
    @Test func inconclusiveWhenTheBackendsCountersDoNotAddUp() throws {
        var scenario = Scenario()
        let broken = BackendStats(
            active: 0, started: 10, completed: 0, clientClosed: 9, rejected: 0, time: 0,
            uptimeSeconds: 0)
        scenario.samples.append(StatsSample(at: 100.1, stats: broken))
        let verdict = try #require(scenario.decide(now: 100.1))
        #expect(verdict.kind == .inconclusive)
        #expect(verdict.reason.contains("inconsistent"))
    }

    @Test func negativeCountersAreInconsistent() {
        let negative = BackendStats(
            active: -1, started: 0, completed: 0, clientClosed: 1, rejected: 0, time: 0,
            uptimeSeconds: 0)
        #expect(!negative.isConsistent)
    }
}

@Suite struct InconclusiveFiguresTests {
    @Test func countsEveryAbandonedClientWhateverTheWayItLeft() throws {
        var scenario = Scenario()
        var load = Scenario.abandonedLoad(10)
        (load.timedOut, load.reset) = (0, 10)
        scenario.load = load
        scenario.sample(at: 103.5, active: 0, started: 0)
        let verdict = try #require(scenario.decide(now: 103.5))
        #expect(verdict.kind == .inconclusive)
        #expect(verdict.abandoned == 10)
    }
}
