@testable import LabBenchmarks
import Testing

@Suite struct CloseDetectionTests {
    @Test func kthDecrementIsMeasuredFromKthHangUp() {
        let latencies = CloseDetection.latencies(
            hangUps: [10.000, 10.001, 10.002], decrements: [10.0035, 10.0005, 10.0020])
        #expect(latencies.map { ($0 * 1e4).rounded() / 1e4 } == [0.0005, 0.001, 0.0015])
    }

    @Test func missingDecrementsShortenTheSampleInsteadOfPairingWrongly() {
        let latencies = CloseDetection.latencies(hangUps: [1, 2, 3], decrements: [1.5])
        #expect(latencies == [0.5])
    }
}
