#if canImport(Glibc)
    import Glibc
#endif

/// The clock a polling loop reads and waits on: the collector's samples, its baseline patience and the verdict's
/// windows (grace, settle, observe) all pass on it.
///
/// The real clocks by default (``system``). A test gives a manual one, so that a 3 s grace window passes
/// without waiting 3 s and every sample falls exactly where the schedule puts it.
///
/// ```swift
/// let clock = PollingClock.system
/// let deadline = clock.monotonicNanoseconds() + Duration.milliseconds(100).nanoseconds
/// clock.sleep(until: deadline)
/// ```
package struct PollingClock: Sendable {
    /// Now, in nanoseconds on a monotonic clock: deadlines and intervals (see `LabClock`).
    package let monotonicNanoseconds: @Sendable () -> UInt64
    /// Now, in seconds since the Unix epoch: the moments samples and reports record.
    package let unixSeconds: @Sendable () -> Double
    private let sleepUntil: @Sendable (UInt64) -> Void

    /// A clock made of its three parts; `sleepUntil` returns once `monotonicNanoseconds()` has reached its
    /// argument.
    package init(
        monotonicNanoseconds: @escaping @Sendable () -> UInt64, unixSeconds: @escaping @Sendable () -> Double,
        sleepUntil: @escaping @Sendable (UInt64) -> Void
    ) {
        self.monotonicNanoseconds = monotonicNanoseconds
        self.unixSeconds = unixSeconds
        self.sleepUntil = sleepUntil
    }

    /// Returns once the monotonic `deadline` has passed (at once when it already has).
    package func sleep(until deadline: UInt64) {
        sleepUntil(deadline)
    }

    /// The real clocks: `CLOCK_MONOTONIC`, the wall clock, and a sleep of the calling thread.
    package static let system = PollingClock(
        monotonicNanoseconds: LabClock.monotonicNanoseconds, unixSeconds: LabClock.unixSeconds,
        sleepUntil: { deadline in
            var until = timespec(
                tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
            // An absolute deadline: a signal that interrupts the sleep does not make it start over longer.
            while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, nil) == EINTR {}
        })
}
