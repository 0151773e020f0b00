/// The distribution of a sample as benchmark tables report it: median, 99th percentile, worst.
///
/// Nearest-rank percentiles, so every reported value is one that was measured, never interpolated.
///
/// ```swift
/// let latency = Percentiles([0.002, 0.001, 0.004])!   // p50 0.002, p99 0.004, max 0.004
/// ```
package struct Percentiles: Codable, Sendable, Equatable {
    /// How many values the sample has.
    package var count: Int
    /// The median (nearest rank).
    var p50: Double
    /// The 99th percentile (nearest rank).
    var p99: Double
    /// The largest value.
    package var max: Double

    /// Summarises `values`; nil when there are none.
    package init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        count = sorted.count
        p50 = Self.nearestRank(0.50, of: sorted)
        p99 = Self.nearestRank(0.99, of: sorted)
        max = sorted[sorted.count - 1]
    }

    /// The smallest value with at least `fraction` of the sorted sample at or below it.
    static func nearestRank(_ fraction: Double, of sorted: [Double]) -> Double {
        // The epsilon keeps 0.99 × 1000 (989.99999…) from rounding up past rank 990.
        let rank = Int((fraction * Double(sorted.count) - 1e-9).rounded(.up))
        return sorted[Swift.min(Swift.max(rank, 1), sorted.count) - 1]
    }
}
