/// The thresholds a verdict is decided by; defaults as documented in the README.
///
/// Spans are `Duration`s; `verdict.json` writes them as seconds (`grace_seconds`...), as it always has.
package struct VerdictRules: Sendable, Codable, Equatable {
    /// How long after the last hang-up upstream requests may take to be released (default 3 s).
    package var grace: Duration = .seconds(3)
    /// How long the held count must stay at its baseline, with no upstream request starting, before PASS
    /// (default 2 s: LiteLLM's router retries a failed call after 0.375 to 0.5 s, then after 0.75 to 1 s).
    package var settle: Duration = .seconds(2)
    /// How long to keep measuring once decided, to report the whole life of a leak (default 0: stop at once).
    package var observe: Duration = .zero
    /// How long past the grace window unreachable stats are waited out before INCONCLUSIVE (default 5 s).
    var statsPatience: Duration = .seconds(5)
    /// How long the load may take to report before INCONCLUSIVE (default 120 s).
    package var loadPatience: Duration = .seconds(120)

    /// The defaults, with any of them overridden.
    package init(
        grace: Duration = .seconds(3), settle: Duration = .seconds(2), observe: Duration = .zero,
        statsPatience: Duration = .seconds(5), loadPatience: Duration = .seconds(120)
    ) {
        self.grace = grace
        self.settle = settle
        self.observe = observe
        self.statsPatience = statsPatience
        self.loadPatience = loadPatience
    }

    private enum CodingKeys: String, CodingKey {
        case grace = "graceSeconds"
        case settle = "settleSeconds"
        case observe = "observeSeconds"
        case statsPatience = "statsPatienceSeconds"
        case loadPatience = "loadPatienceSeconds"
    }

    /// Reads rules written by any version of the lab: a rule missing from an older file has its default.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = VerdictRules()
        func span(_ key: CodingKeys, _ fallback: Duration) throws -> Duration {
            try container.decodeIfPresent(Double.self, forKey: key).map { .seconds($0) } ?? fallback
        }
        grace = try span(.grace, defaults.grace)
        settle = try span(.settle, defaults.settle)
        observe = try span(.observe, defaults.observe)
        statsPatience = try span(.statsPatience, defaults.statsPatience)
        loadPatience = try span(.loadPatience, defaults.loadPatience)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(grace.seconds, forKey: .grace)
        try container.encode(settle.seconds, forKey: .settle)
        try container.encode(observe.seconds, forKey: .observe)
        try container.encode(statsPatience.seconds, forKey: .statsPatience)
        try container.encode(loadPatience.seconds, forKey: .loadPatience)
    }
}
