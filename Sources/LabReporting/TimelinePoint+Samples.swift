import LabVerdict
import LabRecords

extension TimelinePoint {
    /// The held count of every sample that reached the backend, relative to `baseline` and timed from `origin`.
    ///
    /// Failed polls are left out rather than drawn as zero: a stats outage says nothing about what was held.
    ///
    /// - Parameters:
    ///   - samples: the collector's polls, in order.
    ///   - baseline: the backend's counters before the load.
    ///   - origin: the load's start, Unix seconds (collector clock).
    static func series(_ samples: [StatsSample], baseline: BackendStats, origin: Double)
        -> [TimelinePoint]
    {
        samples.compactMap { sample in
            sample.stats.map { TimelinePoint(at: sample.at - origin, held: $0.active - baseline.active) }
        }
    }
}
