@testable import LabBenchmarks
import Testing

@Suite struct LabPhasesTests {
    static let lines = [
        StampedLine(at: 100.2, text: "[lab] run folder lab-runs/x"),
        StampedLine(
            at: 100.3,
            text: "[lab] fake backend on 127.0.0.1:5001, holding requests 3600.00 s (log: backend.log)"),
        StampedLine(at: 101.5, text: "[lab] direct control: PASS all 10 upstream requests were released"),
        StampedLine(at: 102.0, text: "[lab] starting LiteLLM 1.61.20 on 127.0.0.1:4000 (log: proxy.log)"),
        StampedLine(at: 106.0, text: "[lab] LiteLLM healthy after 4.00 s"),
        StampedLine(at: 110.5, text: "[lab] stopping LiteLLM (SIGTERM, then SIGKILL after 3 s)"),
        StampedLine(at: 110.9, text: "VERDICT: LEAK 10 of 10 upstream requests still held"),
    ]

    @Test func everyPhaseEndsAtTheLineOnlyItsEndPrints() {
        let phases = LabPhases.split(lines: Self.lines, startedAt: 100, endedAt: 111, lastHangUpAt: 107.2)
        #expect(
            phases.map(\.name) == [
                "backend start", "direct control", "install check", "proxy start", "load", "sampling",
                "teardown",
            ])
        let expected = [0.3, 1.2, 0.5, 4.0, 1.2, 3.3, 0.5]
        #expect(zip(phases.map(\.seconds), expected).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    @Test func aMissingBoundaryJoinsItsPhaseToTheNextSoTheSumStaysWhole() {
        let phases = LabPhases.split(lines: Self.lines, startedAt: 100, endedAt: 111, lastHangUpAt: nil)
        #expect(phases.map(\.name).contains("load + sampling"))
        #expect(abs(phases.map(\.seconds).reduce(0, +) - 11) < 1e-9)
    }

    @Test func aRunThatStoppedEarlyEndsInOneLastPhase() {
        let phases = LabPhases.split(
            lines: Array(Self.lines.prefix(2)), startedAt: 100, endedAt: 101, lastHangUpAt: nil)
        #expect(
            phases.map(\.name) == [
                "backend start", "direct control + install check + proxy start + load + sampling + teardown",
            ])
    }
}
