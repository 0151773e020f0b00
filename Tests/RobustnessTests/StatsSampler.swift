import Foundation
@testable import LabBackend
@testable import LabCore
@testable import LabLoad
@testable import LabWire
import Synchronization
@testable import LabRecords

/// What the churn clients have done so far, readable from the sampler's thread.
final class ChurnProgress: Sendable {
    /// Complete requests whose last byte was written.
    let sent = Atomic<Int>(0)
    /// Complete requests whose connection was then closed.
    let hungUp = Atomic<Int>(0)
}

/// Samples a backend's `/stats` on a thread of its own, checking the counter invariants at every sample.
///
/// Besides `started == completed + client_closed + active`, a sample can never show more requests
/// started than clients had fully sent, nor more closed than clients had hung up, when `progress` is given.
final class StatsSampler: Sendable {
    /// What the sampler saw.
    struct Report: Sendable {
        var samples = 0
        var fetchErrors = 0
        var maxActive = 0
        var violations: [String] = []
    }

    private let stopRequested = Atomic<Bool>(false)
    private let report = Mutex(Report())
    private let finished = DispatchSemaphore(value: 0)

    /// Starts sampling `base/stats` every `interval`.
    init(base: HTTPURL, interval: Duration = .milliseconds(10), progress: ChurnProgress? = nil) {
        let url = base.appending(path: "/stats")
        let thread = Thread { [self] in
            var previous: BackendStats?
            while !stopRequested.load(ordering: .acquiring) {
                record(sample(url), previous: &previous, progress: progress)
                pause(interval)  // The sampling period, not a wait for anything.
            }
            finished.signal()
        }
        thread.name = "stats-sampler"
        thread.start()
    }

    /// Stops sampling and returns everything seen.
    func stop() -> Report {
        stopRequested.store(true, ordering: .releasing)
        finished.wait()
        return report.withLock { $0 }
    }

    private func sample(_ url: HTTPURL) -> BackendStats? {
        guard let response = try? HTTPFetch.get(url, timeout: .seconds(5)) else { return nil }
        return try? JSONCoding.decode(BackendStats.self, from: Data(response.body))
    }

    private func record(_ stats: BackendStats?, previous: inout BackendStats?, progress: ChurnProgress?) {
        let sent = progress?.sent.load(ordering: .sequentiallyConsistent)
        let hungUp = progress?.hungUp.load(ordering: .sequentiallyConsistent)
        report.withLock { report in
            guard let stats else {
                report.fetchErrors += 1
                return
            }
            report.samples += 1
            report.maxActive = max(report.maxActive, stats.active)
            var problems: [String] = []
            if !stats.isConsistent { problems.append("inconsistent") }
            if let sent, stats.started > sent { problems.append("started > \(sent) sent") }
            if let hungUp, stats.clientClosed > hungUp {
                problems.append("client_closed > \(hungUp) hung up")
            }
            if let previous,
                stats.started < previous.started || stats.clientClosed < previous.clientClosed
                    || stats.completed < previous.completed || stats.rejected < previous.rejected
            {
                problems.append("a counter went down from \(Counts(previous))")
            }
            if !problems.isEmpty && report.violations.count < 20 {
                report.violations.append("\(Counts(stats)): \(problems.joined(separator: ", "))")
            }
            previous = stats
        }
    }
}
