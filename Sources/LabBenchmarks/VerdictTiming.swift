import LabVerdict

/// How long the lab's processes took to print a verdict after the clients hung up, over repeated runs.
package struct VerdictTiming: Codable, Sendable, Equatable {
    /// What the load went through, e.g. `direct` or `nginx, proxy_ignore_client_abort on`.
    package var scenario: String
    /// The verdict the scenario must give: PASS (decided early) or LEAK (decided at the grace window).
    package var expected: VerdictKind
    /// The verdict of each run, in order.
    package var verdicts: [VerdictKind]
    /// The grace window the collector ran with, seconds.
    package var graceSeconds: Double
    /// The settle window a PASS waits out after the release, seconds (nil in results from before it existed).
    package var settleSeconds: Double? = nil
    /// From the load's last hang-up to the collector's exit right after its `VERDICT:` line, seconds.
    var afterHangUp: Percentiles?
    /// From the end of the settle window after the backend's last release to the collector's exit (PASS
    /// only), seconds: the lab's own latency, the window itself being a rule.
    var afterRelease: Percentiles?
}
