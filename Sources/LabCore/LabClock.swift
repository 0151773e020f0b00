#if canImport(Glibc)
    import Glibc
#endif

/// Reads the two clocks the lab needs, with one representation each: deadlines and waits are nanoseconds
/// on `CLOCK_MONOTONIC` (`UInt64`), recorded moments are Unix seconds on the wall clock (`Double`, as
/// every JSON file of the lab writes them), and spans are `Duration`.
package enum LabClock {
    /// Nanoseconds on `CLOCK_MONOTONIC`: never jumps, so deadlines and durations use it.
    package static func monotonicNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// The monotonic moment `span` from now: a deadline, as the event loop's timers and every wait take it.
    package static func deadline(after span: Duration) -> UInt64 {
        monotonicNanoseconds() + span.nanoseconds
    }

    /// Whether the monotonic `deadline` has passed.
    package static func hasPassed(_ deadline: UInt64) -> Bool {
        monotonicNanoseconds() >= deadline
    }

    /// Seconds since the Unix epoch on the wall clock: comparable across processes and containers.
    package static func unixSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Formats Unix seconds as ISO 8601 UTC with milliseconds, e.g. `2026-11-25T09:10:11.123Z`.
    package static func iso8601(_ unixSeconds: Double) -> String {
        // Rounded to the nearest millisecond as a whole: truncating the binary fraction turns .123 into .122.
        let totalMillis = Int64((unixSeconds * 1000).rounded())
        var seconds = time_t(totalMillis.quotientAndRemainder(dividingBy: 1000).quotient)
        var millis = Int(totalMillis - Int64(seconds) * 1000)
        if millis < 0 {
            seconds -= 1
            millis += 1000
        }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int = 2) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))"
            + "T\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec)).\(pad(Int32(millis), 3))Z"
    }
}

extension Duration {
    /// The duration in nanoseconds, saturating at zero for negative values.
    package var nanoseconds: UInt64 {
        // Both components carry the sign: `-5 ms` is (0 s, -5e15 as), so the seconds alone cannot tell.
        guard self > .zero else { return 0 }
        let (seconds, attoseconds) = components
        return UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }

    /// The duration in seconds as a `Double`, for reports.
    package var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
