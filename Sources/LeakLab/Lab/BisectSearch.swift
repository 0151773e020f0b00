import LabRecords
import LabVerdict

/// Binary search over releases for the first one whose verdict differs from the older end's: pure, so it
/// is tested with a fake verdict oracle.
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
    }

    /// Searches `releases` (oldest first, ends included, their verdicts known and different).
    ///
    /// - Parameters:
    ///   - ahead: told, before each probe, the releases the search measures after it: the next middle if
    ///     the probe is like the older end, and the one if it is like the newer end.
    ///   - probe: measures a release; returns its verdict, or a reason to skip it; what it throws (an
    ///     interruption) ends the search.
    static func run(
        releases: [LiteLLMVersion], older: VerdictKind, newer: VerdictKind,
        ahead: ([LiteLLMVersion]) -> Void = { _ in },
        probe: (LiteLLMVersion) throws -> Result<VerdictKind, SkipReason>
    ) rethrows -> Answer {
        var candidates = releases
        var low = 0
        var high = candidates.count - 1
        var steps: [Step] = []
        while high - low > 1 {
            let middle = (low + high) / 2
            let version = candidates[middle]
            ahead(Self.nextMiddles(low: low, middle: middle, high: high).map { candidates[$0] })
            switch try probe(version) {
            case .success(let verdict) where verdict == older:
                steps.append(.measured(version, verdict))
                low = middle
            case .success(let verdict) where verdict == newer:
                steps.append(.measured(version, verdict))
                high = middle
            case .success(let verdict):
                steps.append(.skipped(version, "verdict \(verdict.rawValue), neither end's"))
                candidates.remove(at: middle)
                high -= 1
            case .failure(let reason):
                steps.append(.skipped(version, reason.description))
                candidates.remove(at: middle)
                high -= 1
            }
        }
        return Answer(lastLikeOlder: candidates[low], firstLikeNewer: candidates[high], steps: steps)
    }

    /// The indexes a search between `low` and `high` probes after `middle`: the middle of the upper part
    /// (the probe was like the older end), then of the lower part (like the newer end), where there is one.
    static func nextMiddles(low: Int, middle: Int, high: Int) -> [Int] {
        [(middle, high), (low, middle)].compactMap { bounds in
            bounds.1 - bounds.0 > 1 ? (bounds.0 + bounds.1) / 2 : nil
        }
    }

    /// Why a release could not be judged.
    struct SkipReason: Error, Equatable, CustomStringConvertible {
        let description: String
    }
}
