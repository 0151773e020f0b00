import LabCore
import Synchronization

/// A clock that moves only when it is slept on: a schedule of seconds runs in no time, and every
/// moment it records is exact.
///
/// Its Unix time is `origin` plus the monotonic time, so both clocks move together.
///
/// ```swift
/// let clock = ManualClock()
/// let collector = Collector(settings: settings, output: output, clock: clock.polling)
/// ```
package final class ManualClock: Sendable {
    /// The Unix seconds at monotonic time zero.
    package let origin: Double
    private let nanoseconds = Mutex<UInt64>(0)

    /// A clock at `origin` Unix seconds (a whole number by default, so sums of binary fractions stay exact).
    package init(origin: Double = 1_000_000) {
        self.origin = origin
    }

    /// The seconds since the clock started.
    package var elapsed: Double { Double(nanoseconds.withLock { $0 }) / 1e9 }

    /// The Unix seconds `seconds` after the clock started.
    package func unixSeconds(at seconds: Double) -> Double { origin + seconds }

    /// The clock for a polling loop: sleeping until a deadline moves the clock to it.
    package var polling: PollingClock {
        PollingClock(
            monotonicNanoseconds: { [self] in nanoseconds.withLock { $0 } },
            unixSeconds: { [self] in origin + elapsed },
            sleepUntil: { [self] deadline in nanoseconds.withLock { $0 = max($0, deadline) } })
    }
}
