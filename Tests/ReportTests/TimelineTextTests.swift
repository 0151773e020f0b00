@testable import LabBackend
@testable import LabReporting
@testable import LabVerdict
import Testing
@testable import LabRecords

@Suite struct TimelineTextTests {
    private func points(_ held: [Int], every step: Double = 1) -> [TimelinePoint] {
        held.enumerated().map { TimelinePoint(at: Double($0.offset) * step, held: $0.element) }
    }

    @Test func scalesToThePeakAndKeepsOneRequestAboveTheBaseline() {
        #expect(TimelineText.sparkline(points([0, 1, 5, 10, 10]), hangUpAt: nil) == "▁▂▅██")
    }

    @Test func marksTheHangUpAfterTheSliceItFallsIn() {
        #expect(TimelineText.sparkline(points([0, 10, 10, 10]), hangUpAt: 1.5) == "▁█|██")
        #expect(TimelineText.sparkline(points([0, 10, 10, 10]), hangUpAt: -1) == "|▁███")
        #expect(TimelineText.sparkline(points([0, 10, 10, 10]), hangUpAt: 9) == "▁███|")
    }

    @Test func keepsSpikesWhenSqueezingIntoTheWidth() {
        let spike = points(Array(repeating: 0, count: 50) + [8] + Array(repeating: 0, count: 49))
        let line = TimelineText.sparkline(spike, hangUpAt: nil, width: 10)
        #expect(line.count == 10)
        #expect(line.filter { $0 == "█" }.count == 1)
    }

    @Test func carriesTheLastCountAcrossAStatsGap() {
        let gap = [
            TimelinePoint(at: 0, held: 4), TimelinePoint(at: 0.5, held: 2), TimelinePoint(at: 9, held: 4),
        ]
        #expect(TimelineText.sparkline(gap, hangUpAt: nil, width: 3) == "█▅█")
    }

    @Test func drawsNothingForNoSamplesAndABaselineForNothingHeld() {
        #expect(TimelineText.sparkline([], hangUpAt: 1) == "")
        #expect(TimelineText.summary([], hangUpAt: 1) == "no samples")
        #expect(TimelineText.sparkline(points([0, 0, -1]), hangUpAt: nil) == "▁▁▁")
    }

    @Test func summarisesStartEndAndPeak() {
        #expect(
            TimelineText.summary(points([0, 10, 3], every: 0.5), hangUpAt: 0.75)
                == "held 0 → 3 (peak 10), t+0.00 s to t+1.00 s, hang-up at t+0.75 s")
    }

    @Test func buildsPointsFromSamplesLeavingOutFailedPolls() {
        let baseline = BackendStats(
            active: 2, started: 2, completed: 0, clientClosed: 0, rejected: 0, time: 0, uptimeSeconds: 0)
        var held = baseline
        held.active = 12
        let samples = [
            StatsSample(at: 100.5, stats: held), StatsSample(at: 100.625, error: "refused"),
            StatsSample(at: 100.75, stats: baseline),
        ]
        #expect(
            TimelinePoint.series(samples, baseline: baseline, origin: 100)
                == [TimelinePoint(at: 0.5, held: 10), TimelinePoint(at: 0.75, held: 0)])
    }
}
