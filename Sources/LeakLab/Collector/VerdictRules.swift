/// The thresholds a verdict is decided by; defaults as documented in the README.
public struct VerdictRules: Sendable, Codable, Equatable {
    /// How long after the last hang-up upstream requests may take to be released (default 3 s).
    public var graceSeconds: Double = 3
    /// How long past the grace window unreachable stats are waited out before INCONCLUSIVE (default 5 s).
    public var statsPatienceSeconds: Double = 5
    /// How long the load may take to report before INCONCLUSIVE (default 120 s).
    public var loadPatienceSeconds: Double = 120

    /// The defaults, with any of them overridden.
    public init(graceSeconds: Double = 3, statsPatienceSeconds: Double = 5, loadPatienceSeconds: Double = 120)
    {
        self.graceSeconds = graceSeconds
        self.statsPatienceSeconds = statsPatienceSeconds
        self.loadPatienceSeconds = loadPatienceSeconds
    }
}
