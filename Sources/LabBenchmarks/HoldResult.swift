/// What one backend did holding many requests at once.
package struct HoldResult: Codable, Sendable, Equatable {
    /// `fake-backend` or `asyncio`.
    package var backend: String
    /// Requests held at once.
    package var held: Int
    /// Resident memory before any request, bytes.
    var idleResidentBytes: Int
    /// Resident memory while holding them all, bytes.
    var residentBytes: Int
    /// The backend's own part of it (`RssAnon`), without shared-library pages, bytes.
    var anonymousBytes: Int
    /// CPU the backend used during the quiet window, seconds.
    var cpuSecondsWhileHolding: Double
    /// How long the quiet window lasted, seconds.
    var quietWindowSeconds: Double
    /// From the first connect to the backend counting every request held, seconds.
    var openSeconds: Double
    /// From the first to the last `close` of the hang-up burst, seconds.
    var hangUpBurstSeconds: Double
    /// Seconds from the k-th hang-up to the k-th decrement of the count (see ``CloseDetection``).
    var closeDetection: Percentiles?
    /// CPU the backend used from the burst until every hang-up was counted, seconds: unlike the latency,
    /// it does not grow when other work on the machine takes the backend's core.
    var cpuSecondsForHangUps: Double

    /// CPU per hang-up noticed and counted, seconds.
    var cpuSecondsPerHangUp: Double { cpuSecondsForHangUps / Double(max(held, 1)) }

    /// Resident memory each held request added, bytes.
    var bytesPerRequest: Double {
        Double(residentBytes - idleResidentBytes) / Double(max(held, 1))
    }
}
