import LabVerdict

/// How long the lab's processes took to print a verdict after the clients hung up, over repeated runs.
public struct VerdictTiming: Codable, Sendable, Equatable {
    /// What the load went through, e.g. `direct` or `nginx, proxy_ignore_client_abort on`.
    public var scenario: String
    /// The verdict the scenario must give: PASS (decided early) or LEAK (decided at the grace window).
    public var expected: VerdictKind
    /// The verdict of each run, in order.
    public var verdicts: [VerdictKind]
    /// The grace window the collector ran with, seconds.
    public var graceSeconds: Double
    /// The settle window a PASS waits out after the release, seconds (nil in results from before it existed).
    public var settleSeconds: Double? = nil
    /// From the load's last hang-up to the collector's exit right after its `VERDICT:` line, seconds.
    public var afterHangUp: Percentiles?
    /// From the end of the settle window after the backend's last release to the collector's exit (PASS
    /// only), seconds: the lab's own latency, the window itself being a rule.
    public var afterRelease: Percentiles?
}
