import LabRecords
import LabVerdict

/// Search over releases for the first one whose verdict differs from the older end's, `width` releases a round:
/// each round measures `width` releases spread evenly between the bounds, so that about log₍width+1₎(n) rounds
/// find it (two at once: a search in thirds). The first round measures the ends too: they nearly always differ,
/// as whoever asks says, and a round of the ends alone leaves cores idle while the newer end, the bigger one,
/// installs and starts. Pure, so it is tested with a fake verdict oracle.
struct BisectSearch {
    /// One probed release and what came of it.
    enum Step: Equatable {
        /// The release was measured with this verdict.
        case measured(LiteLLMVersion, VerdictKind)
        /// The release was skipped (refused, uninstallable, inconclusive), with the reason.
        case skipped(LiteLLMVersion, String)
    }

    /// What the search found.
    enum Answer: Equatable {
        /// The last release like the older end and the first like the newer end, the releases measured between
        /// the ends, and how many rounds of measurements the search took, one after another.
        case found(
            lastLikeOlder: LiteLLMVersion, firstLikeNewer: LiteLLMVersion, older: VerdictKind,
            newer: VerdictKind,
            steps: [Step], rounds: Int)
        /// The ends were not both measured, or they agree: there is nothing to search between them.
        case endsDoNotDiffer(older: Outcome, newer: Outcome)
    }

    /// What a round's probe says of one release: its verdict, or why it could not be judged.
    typealias Outcome = Result<VerdictKind, SkipReason>

    /// Searches `releases` (oldest first, the ends included).
    ///
    /// - Parameters:
    ///   - width: How many releases between the ends a round measures (at least 1).
    ///   - ahead: told, before each round, the releases the next round may measure, whatever this one says.
    ///   - probe: measures a round's releases (oldest first); returns an outcome for each, in their order; what
    ///     it throws (an interruption) ends the search.
    static func run(
        releases: [LiteLLMVersion], width: Int = 1, ahead: ([LiteLLMVersion]) -> Void = { _ in },
        probe: ([LiteLLMVersion]) throws -> [Outcome]
    ) rethrows -> Answer {
        var candidates = releases
        var (low, high) = (0, candidates.count - 1)
        var probes = Self.probes(low: low, high: high, width: width)
        ahead(Self.nextProbes(low: low, probes: probes, high: high, width: width).map { candidates[$0] })
        let ends = low == high ? [low] : [low, high]
        let first = try probe((ends.prefix(1) + probes + ends.dropFirst()).map { candidates[$0] })
        guard case .success(let older) = first[0], case .success(let newer) = first[first.count - 1],
            older != newer
        else { return .endsDoNotDiffer(older: first[0], newer: first[first.count - 1]) }
        var outcomes = Array(first.dropFirst().dropLast())
        var steps: [Step] = []
        var rounds = 1
        while true {
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
            guard high - low > 1 else { break }
            probes = Self.probes(low: low, high: high, width: width)
            ahead(Self.nextProbes(low: low, probes: probes, high: high, width: width).map { candidates[$0] })
            outcomes = try probe(probes.map { candidates[$0] })
            rounds += 1
        }
        return .found(
            lastLikeOlder: candidates[low], firstLikeNewer: candidates[high], older: older, newer: newer,
            steps: steps, rounds: rounds)
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
