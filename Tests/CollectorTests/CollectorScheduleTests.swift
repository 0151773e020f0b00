@testable import LabBackend
@testable import LabVerdict
import Testing

/// The collector's schedule on a manual clock: each window passes in full before a verdict, and the verdict
/// comes at the first sample after it, however long the window (none of it waited for in real time).
@Suite struct CollectorScheduleTests {
    /// Released at 1.25 s: a quarter of a second after the clients hung up.
    static let releasedAtOneAndAQuarter = ScriptedStats.tenRequests(releasedAt: 1.25)

    static let heldForGood = ScriptedStats.tenRequests(releasedAt: nil)

    @Test(arguments: [0.5, 2, 5])
    func passesAtTheFirstSampleOnceTheSettleWindowAfterTheReleaseHasPassed(settle: Double) throws {
        var collection = ScheduledCollection()
        collection.rules = VerdictRules(grace: .seconds(3), settle: .seconds(settle))
        let report = try collection.report(Self.releasedAtOneAndAQuarter)

        #expect(report.verdict == .pass, "\(report.reason)")
        #expect(report.samples.last?.at == collection.at(1.25 + settle))
        #expect(
            report.samples.dropLast().last?.at == collection.at(1.25 + settle - 0.125), "sampled, undecided")
        #expect(report.decision.releaseSeconds == 0.25)
        #expect(report.decision.decidedAfterHangUpSeconds == 0.25 + settle)
    }

    /// The backend says when it released the requests: the settle window runs from then, and its end falls
    /// between two of the collector's ticks (3.25 s and 3.375 s), where the collector samples and decides.
    @Test(arguments: [1.3, 1.26])
    func passesAtTheSettleWindowsEndCountedFromTheBackendsOwnTimeOfTheRelease(release: Double) throws {
        var collection = ScheduledCollection()
        collection.rules = VerdictRules(grace: .seconds(3), settle: .seconds(2))
        let released = collection.at(release)
        let report = try collection.report { elapsed in
            var stats = ScriptedStats.tenRequests(releasedAt: release)(elapsed)
            if elapsed >= release { stats?.lastEndedAt = released }
            return stats
        }

        #expect(report.verdict == .pass, "\(report.reason)")
        let decidedAt = try #require(report.samples.last?.at)
        #expect(abs(decidedAt - collection.at(release + 2)) < 1e-6, "at the window's end, not the next tick")
        #expect(report.samples.dropLast().allSatisfy { $0.at < collection.at(release + 2) })
    }

    @Test(arguments: [1, 3])
    func judgesRequestsStillHeldOnlyOnceTheGraceWindowHasPassed(grace: Double) throws {
        var collection = ScheduledCollection()
        collection.rules = VerdictRules(grace: .seconds(grace))
        let report = try collection.report(Self.heldForGood)

        #expect(report.verdict == .leak, "\(report.reason)")
        #expect(report.samples.last?.at == collection.at(ScheduledCollection.hangUp + grace))
        #expect(report.decision.stillHeld == 10)
    }

    @Test func keepsSamplingForTheObservationWindowAfterTheDecision() throws {
        var collection = ScheduledCollection()
        collection.rules = VerdictRules(grace: .seconds(3), observe: .seconds(2))
        let report = try collection.report(Self.heldForGood)

        #expect(report.verdict == .leak)
        #expect(report.samples.last?.at == collection.at(ScheduledCollection.hangUp + 3 + 2))
        #expect(report.cost?.heldRequests == 10)
    }

    @Test func aLoadThatNeverReportsIsInconclusiveAtTheFirstSamplePastItsPatience() throws {
        var collection = ScheduledCollection()
        collection.loadFinishes = false
        collection.rules = VerdictRules(loadPatience: .seconds(5))
        let report = try collection.report(Self.heldForGood)

        #expect(report.verdict == .inconclusive)
        #expect(report.reason == "the load did not finish within 5.00 s")
        #expect(report.samples.last?.at == collection.at(5.125))
    }

    @Test func theBaselineWaitsForABackendThatAnswersLate() throws {
        let collection = ScheduledCollection()
        let baseline = try collection.collector({ $0 < 2 ? nil : ScriptedStats.stats(held: 0, seen: 0) }) {
            $0.takeBaseline()
        }
        #expect(baseline.stats != nil)
        #expect(baseline.at == collection.at(2))
    }

    @Test func theBaselineGivesUpOnABackendThatNeverAnswersAfterItsPatience() throws {
        var collection = ScheduledCollection()
        collection.baselinePatience = .seconds(10)
        let report = try collection.report { _ in nil }

        #expect(report.baseline.stats == nil)
        #expect(report.baseline.at == collection.at(10))
        #expect(report.verdict == .inconclusive)
        #expect(report.reason.hasPrefix("the backend's stats were unreachable before the load"))
    }
}
