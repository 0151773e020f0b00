@testable import LabBenchmarks
@testable import LeakLab
import Testing

@Suite struct LabPhasesTests {
    private static func phase(_ kind: LabEvent.Kind, _ phase: LabEvent.Phase, at: Double) -> LabEvent {
        var event = LabEvent(kind, at: at, cell: "litellm-1.61.20")
        event.phase = phase
        return event
    }

    /// A `lab run` as its events record it: backends, direct control, install, proxy start, measure,
    /// and the two teardowns (proxy, then backends).
    static let events: [LabEvent] = [
        phase(.phaseStarted, .backends, at: 100.2), phase(.phaseEnded, .backends, at: 100.3),
        phase(.phaseStarted, .directControl, at: 100.3), phase(.phaseEnded, .directControl, at: 101.5),
        phase(.phaseStarted, .install, at: 101.5), phase(.phaseEnded, .install, at: 102.0),
        phase(.phaseStarted, .proxyStart, at: 102.0), phase(.phaseEnded, .proxyStart, at: 106.0),
        phase(.phaseStarted, .measure, at: 106.0), phase(.phaseEnded, .measure, at: 110.5),
        phase(.phaseStarted, .teardown, at: 110.5), phase(.phaseEnded, .teardown, at: 110.8),
        phase(.phaseStarted, .teardown, at: 110.8), phase(.phaseEnded, .teardown, at: 110.9),
    ]

    @Test func everyPhaseIsTheSpanItsEventsRecordAndTheMeasurementSplitsAtTheHangUp() {
        let phases = LabPhases.split(events: Self.events, startedAt: 100, endedAt: 111, lastHangUpAt: 107.2)
        #expect(
            phases.map(\.name) == [
                "start-up", "backends", "direct control", "install", "proxy start", "load", "sampling",
                "teardown", "exit",
            ])
        let expected = [0.2, 0.1, 1.2, 0.5, 4.0, 1.2, 3.3, 0.4, 0.1]
        #expect(zip(phases.map(\.seconds), expected).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    @Test func withoutAHangUpTheMeasurementStaysWholeAndTheSumIsTheRun() {
        let phases = LabPhases.split(events: Self.events, startedAt: 100, endedAt: 111, lastHangUpAt: nil)
        #expect(phases.map(\.name).contains("measure"))
        #expect(abs(phases.map(\.seconds).reduce(0, +) - 11) < 1e-9)
    }

    @Test func aRunThatStoppedEarlyEndsInItsExit() {
        let phases = LabPhases.split(
            events: Array(Self.events.prefix(3)), startedAt: 100, endedAt: 101, lastHangUpAt: nil)
        #expect(phases.map(\.name) == ["start-up", "backends", "exit"])
    }

    @Test func phasesUnderWayTogetherAreNamedTogetherAndStillAddUpToTheRun() {
        // The direct control runs while the proxy is installed and started, on another thread.
        let overlapped: [LabEvent] = [
            Self.phase(.phaseStarted, .backends, at: 100.2), Self.phase(.phaseEnded, .backends, at: 100.3),
            Self.phase(.phaseStarted, .directControl, at: 100.3),
            Self.phase(.phaseStarted, .install, at: 100.3),
            Self.phase(.phaseEnded, .install, at: 100.5), Self.phase(.phaseStarted, .proxyStart, at: 100.5),
            Self.phase(.phaseEnded, .proxyStart, at: 103.0),
            Self.phase(.phaseEnded, .directControl, at: 103.4),
            Self.phase(.phaseStarted, .measure, at: 103.4), Self.phase(.phaseEnded, .measure, at: 107.4),
        ]
        let phases = LabPhases.split(events: overlapped, startedAt: 100, endedAt: 107.5, lastHangUpAt: 104.4)
        #expect(
            phases.map(\.name) == [
                "start-up", "backends", "install ∥ direct control", "proxy start ∥ direct control",
                "direct control",
                "load", "sampling", "exit",
            ])
        #expect(abs(phases.map(\.seconds).reduce(0, +) - 7.5) < 1e-9)
        #expect(abs((LabPhases.proxyStartSeconds(events: overlapped) ?? 0) - 2.5) < 1e-9)
    }
}
