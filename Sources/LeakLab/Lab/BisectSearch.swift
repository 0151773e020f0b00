import LabRunner
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
    /// - Parameter probe: measures a release; returns its verdict, or a reason to skip it; what it throws
    ///   (an interruption) ends the search.
    static func run(
        releases: [LiteLLMVersion], older: VerdictKind, newer: VerdictKind,
        probe: (LiteLLMVersion) throws -> Result<VerdictKind, SkipReason>
    ) rethrows -> Answer {
        var candidates = releases
        var low = 0
        var high = candidates.count - 1
        var steps: [Step] = []
        while high - low > 1 {
            let middle = (low + high) / 2
            let version = candidates[middle]
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

    /// Why a release could not be judged.
    struct SkipReason: Error, Equatable, CustomStringConvertible {
        let description: String
    }
}
