import Foundation
import LabCore
import LabLoad

/// Measures a backend holding many requests: its memory, its CPU while nothing happens but holding, and
/// how fast its count falls when every client hangs up in the same instant.
struct HoldBenchmark {
    /// Where the backends' programs are.
    let tools: BenchTools
    /// How long the backend is left alone with its held requests while its CPU is measured.
    let quietWindow: Duration

    /// Starts `kind` on `port`, holds `held` requests on it, hangs them all up, and stops it.
    func run(_ kind: BenchBackend.Kind, held: Int, port: Int, log: String) throws -> HoldResult {
        let backend = try BenchBackend.start(kind, tools: tools, port: port, log: log)
        defer { backend.stop() }
        let idle = try backend.usage()
        let baseline = try backend.stats()

        let opening = LabClock.monotonicNanoseconds()
        let connections = try HeldConnections(plan: LoadPlan(target: backend.apiURL, requests: held)) {
            opened in
            try backend.waitFor("\(opened) requests arrive", timeout: .seconds(30)) {
                $0.started - baseline.started >= opened
            }
        }
        try backend.waitFor("\(held) requests held", timeout: .seconds(30)) {
            $0.active - baseline.active == held
        }
        let openSeconds = Double(LabClock.monotonicNanoseconds() - opening) / 1e9

        let before = try backend.usage()
        Thread.sleep(forTimeInterval: quietWindow.seconds)
        let after = try backend.usage()

        let hangUps = connections.hangUpAll()
        try backend.waitFor("every hang-up counted", timeout: .seconds(60), interval: .milliseconds(50)) {
            $0.active == baseline.active
        }
        let counted = try backend.usage()
        let decrements = try backend.records()
            .filter { $0.id > baseline.started && $0.outcome == .clientClosed }
            .compactMap(\.endedAt)
        guard decrements.count == held else {
            throw BenchError("\(kind.rawValue) recorded \(decrements.count) hang-ups of \(held)")
        }
        return HoldResult(
            backend: kind.rawValue, held: held, idleResidentBytes: idle.residentBytes,
            residentBytes: after.residentBytes, anonymousBytes: after.anonymousBytes,
            cpuSecondsWhileHolding: after.cpuSeconds - before.cpuSeconds,
            quietWindowSeconds: quietWindow.seconds, openSeconds: openSeconds,
            hangUpBurstSeconds: (hangUps.last ?? 0) - (hangUps.first ?? 0),
            closeDetection: Percentiles(CloseDetection.latencies(hangUps: hangUps, decrements: decrements)),
            cpuSecondsForHangUps: counted.cpuSeconds - after.cpuSeconds)
    }
}
