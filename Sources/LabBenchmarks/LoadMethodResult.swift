/// What one load method did firing requests that each hang up at the client timeout.
package struct LoadMethodResult: Codable, Sendable, Equatable {
    /// `load-client` or `curl`.
    package var tool: String
    /// Requests fired.
    package var requests: Int
    /// The client timeout, seconds.
    package var timeoutSeconds: Double
    /// Processes the method started.
    package var processes: Int
    /// Requests the client abandoned at the timeout.
    package var timedOut: Int
    /// Requests the backend received.
    package var seenByBackend: Int
    /// First to last request sent, by the client's own account (`load-client`'s summary), seconds.
    package var launchWindowSeconds: Double?
    /// First to last request arriving at the backend, seconds: the same yardstick for every method.
    var arrivalSpreadSeconds: Double?
    /// How late each hang-up came after its deadline, seconds.
    var hangUpLateness: Percentiles?
    /// How ``hangUpLateness`` was obtained, which differs by method.
    var latenessMethod: String
    /// CPU of every process of the method, user and system, seconds.
    var cpuSeconds: Double
    /// The highest summed resident memory (`VmRSS`) of the method's processes, sampled every 20 ms, bytes.
    var peakResidentBytes: Int
    /// The highest summed own memory (`RssAnon`, without shared-library pages) of its processes, bytes.
    var peakAnonymousBytes: Int
    /// From starting the method to its last process ending, seconds.
    var wallSeconds: Double
}
