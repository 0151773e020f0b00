/// The thresholds a verdict is decided by; defaults as documented in the README.
public struct VerdictRules: Sendable, Codable, Equatable {
    /// How long after the last hang-up upstream requests may take to be released (default 3 s).
    package var graceSeconds: Double = 3
    /// How long the held count must stay at its baseline, with no upstream request starting, before PASS
    /// (default 2 s: LiteLLM's router retries a failed call after 0.375 to 0.5 s, then after 0.75 to 1 s).
    package var settleSeconds: Double = 2
    /// How long to keep measuring once decided, to report the whole life of a leak (default 0: stop at once).
    package var observeSeconds: Double = 0
    /// How long past the grace window unreachable stats are waited out before INCONCLUSIVE (default 5 s).
    package var statsPatienceSeconds: Double = 5
    /// How long the load may take to report before INCONCLUSIVE (default 120 s).
    package var loadPatienceSeconds: Double = 120

    /// The defaults, with any of them overridden.
    package init(
        graceSeconds: Double = 3, settleSeconds: Double = 2, observeSeconds: Double = 0,
        statsPatienceSeconds: Double = 5, loadPatienceSeconds: Double = 120
    ) {
        self.graceSeconds = graceSeconds
        self.settleSeconds = settleSeconds
        self.observeSeconds = observeSeconds
        self.statsPatienceSeconds = statsPatienceSeconds
        self.loadPatienceSeconds = loadPatienceSeconds
    }

    /// Reads rules written by any version of the lab: a rule missing from an older file has its default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = VerdictRules()
        graceSeconds =
            try container.decodeIfPresent(Double.self, forKey: .graceSeconds) ?? defaults.graceSeconds
        settleSeconds =
            try container.decodeIfPresent(Double.self, forKey: .settleSeconds) ?? defaults.settleSeconds
        observeSeconds =
            try container.decodeIfPresent(Double.self, forKey: .observeSeconds) ?? defaults.observeSeconds
        statsPatienceSeconds =
            try container.decodeIfPresent(Double.self, forKey: .statsPatienceSeconds)
            ?? defaults.statsPatienceSeconds
        loadPatienceSeconds =
            try container.decodeIfPresent(Double.self, forKey: .loadPatienceSeconds)
            ?? defaults.loadPatienceSeconds
    }
}
