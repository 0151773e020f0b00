import LabRecords
import LabVerdict

/// Search over releases for the first one whose verdict differs from the older end's, `width` releases a round:
/// each round measures `width` releases spread evenly between the bounds, so that about log₍width+1₎(n) rounds
/// find it (two at once: a search in thirds). Pure, so it is tested with a fake verdict oracle.
struct BisectSearch {
    /// One probed release and what came of it.
    enum Step: Equatable {
        /// The release was measured with this verdict.
        case measured(LiteLLMVersion, VerdictKind)
        /// The release was skipped (refused, uninstallable, inconclusive), with the reason.
        case skipped(LiteLLMVersion, String)
    }

    /// The answer: the last release like the older end and the first like the newer end.
    struct Answer: Equatable {
        let lastLikeOlder: LiteLLMVersion
        let firstLikeNewer: LiteLLMVersion
        let steps: [Step]
        /// How many rounds of measurements the search took, one after another.
        let rounds: Int
    }

    /// What a round's probe says of one release: its verdict, or why it could not be judged.
    typealias Outcome = Result<VerdictKind, SkipReason>

    /// Searches `releases` (oldest first, ends included, their verdicts known and different).
    ///
    /// - Parameters:
    ///   - width: How many releases a round measures (at least 1).
    ///   - ahead: told, before each round, the releases the next round may measure, whatever this one says.
    ///   - probe: measures a round's releases (oldest first); returns an outcome for each, in their order; what
    ///     it throws (an interruption) ends the search.
    static func run(
        releases: [LiteLLMVersion], older: VerdictKind, newer: VerdictKind, width: Int = 1,
        ahead: ([LiteLLMVersion]) -> Void = { _ in },
        probe: ([LiteLLMVersion]) throws -> [Outcome]
    ) rethrows -> Answer {
        var candidates = releases
        var (low, high) = (0, candidates.count - 1)
        var steps: [Step] = []
        var rounds = 0
        while high - low > 1 {
            let probes = Self.probes(low: low, high: high, width: width)
            ahead(Self.nextProbes(low: low, probes: probes, high: high, width: width).map { candidates[$0] })
            let outcomes = try probe(probes.map { candidates[$0] })
            rounds += 1
            var (newLow, newHigh) = (low, high)
            var skipped: [Int] = []
            for (index, outcome) in zip(probes, outcomes) {
                let version = candidates[index]
                switch outcome {
                case .success(let verdict) where verdict == older:
                    steps.append(.measured(version, verdict))
                    // Below the first release like the newer end, the highest like the older one bounds it.
                    if newHigh == high { newLow = index }
                case .success(let verdict) where verdict == newer:
                    steps.append(.measured(version, verdict))
                    if newHigh == high { newHigh = index }
                case .success(let verdict):
                    steps.append(.skipped(version, "verdict \(verdict.rawValue), neither end's"))
                    skipped.append(index)
                case .failure(let reason):
                    steps.append(.skipped(version, reason.description))
                    skipped.append(index)
                }
            }
            for index in skipped.reversed() { candidates.remove(at: index) }
            low = newLow - skipped.filter { $0 < newLow }.count
            high = newHigh - skipped.filter { $0 < newHigh }.count
        }
        return Answer(
            lastLikeOlder: candidates[low], firstLikeNewer: candidates[high], steps: steps, rounds: rounds)
    }

    /// The indexes a round between `low` and `high` measures: `width` (or as many as lie between) spread evenly.
    static func probes(low: Int, high: Int, width: Int) -> [Int] {
        let count = min(max(1, width), high - low - 1)
        guard count > 0 else { return [] }
        return (1...count).map { low + (high - low) * $0 / (count + 1) }
    }

    /// The indexes the round after one measuring `probes` between `low` and `high` may measure: the probes of
    /// each part the bounds may narrow to, the lowest part's first.
    static func nextProbes(low: Int, probes: [Int], high: Int, width: Int) -> [Int] {
        let bounds = [low] + probes + [high]
        return zip(bounds, bounds.dropFirst()).flatMap { Self.probes(low: $0, high: $1, width: width) }
    }

    /// Why a release could not be judged.
    struct SkipReason: Error, Equatable, CustomStringConvertible {
        let description: String
    }
}
