import LabVerdict

/// The verdicts of one case measured again and again (`--repeat N`), and whether they agree.
struct SoakRecord: Codable {
    /// The case, e.g. `direct` or `litellm`.
    let label: String
    /// Every run's decision, in order.
    let verdicts: [Verdict]

    /// Whether every run reached the same verdict.
    var agree: Bool { Set(verdicts.map(\.kind)).count == 1 }

    /// `20/20 agree: LEAK`, or `19/20 agree: LEAK (1 PASS)` when they do not.
    var summary: String {
        let counts = Dictionary(grouping: verdicts, by: \.kind).mapValues(\.count)
        let (majority, count) = counts.max {
            $0.value < $1.value || ($0.value == $1.value && $0.key.rawValue > $1.key.rawValue)
        }!
        let others = counts.filter { $0.key != majority }.sorted { $0.key.rawValue < $1.key.rawValue }
            .map { "\($0.value) \($0.key.rawValue)" }
        return "\(count)/\(verdicts.count) agree: \(majority.rawValue)"
            + (others.isEmpty ? "" : " (\(others.joined(separator: ", ")))")
    }
}
