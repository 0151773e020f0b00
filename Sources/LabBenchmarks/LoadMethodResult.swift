/// What one load method did firing requests that each hang up at the client timeout.
public struct LoadMethodResult: Codable, Sendable, Equatable {
    /// `load-client` or `curl`.
    public var tool: String
    /// Requests fired.
    public var requests: Int
    /// The client timeout, seconds.
    public var timeoutSeconds: Double
    /// Processes the method started.
    public var processes: Int
    /// Requests the client abandoned at the timeout.
    public var timedOut: Int
    /// Requests the backend received.
    public var seenByBackend: Int
    /// First to last request sent, by the client's own account (`load-client`'s summary), seconds.
    public var launchWindowSeconds: Double?
    /// First to last request arriving at the backend, seconds: the same yardstick for every method.
    public var arrivalSpreadSeconds: Double?
    /// How late each hang-up came after its deadline, seconds.
    public var hangUpLateness: Percentiles?
    /// How ``hangUpLateness`` was obtained, which differs by method.
    public var latenessMethod: String
    /// CPU of every process of the method, user and system, seconds.
    public var cpuSeconds: Double
    /// The highest summed resident memory (`VmRSS`) of the method's processes, sampled every 20 ms, bytes.
    public var peakResidentBytes: Int
    /// The highest summed own memory (`RssAnon`, without shared-library pages) of its processes, bytes.
    public var peakAnonymousBytes: Int
    /// From starting the method to its last process ending, seconds.
    public var wallSeconds: Double
}
