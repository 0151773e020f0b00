import Foundation

/// How LiteLLM's dependencies are chosen on top of its own metadata: overrides, a resolution date,
/// a constraints file.
///
/// ```swift
/// var dependencies = LiteLLMDependencies(overrides: ["uvicorn==0.32.1"])
/// dependencies.resolveAsOf = try LiteLLMDependencies.validatedDate("2025-02-20")
/// ```
public struct LiteLLMDependencies: Sendable, Hashable {
    /// Requirements that win over LiteLLM's own metadata (`--pip`), e.g. `uvicorn==0.32.1`.
    public var overrides: [String]
    /// Resolve as published by this day, `YYYY-MM-DD` (`--resolve-as-of`); nil for today.
    public var resolveAsOf: String?
    /// A pip constraints file the resolution must respect (`--constraints`).
    public var constraintsFile: String?

    /// Dependencies as given; overrides are kept in one canonical order.
    public init(overrides: [String] = [], resolveAsOf: String? = nil, constraintsFile: String? = nil) {
        self.overrides = Set(overrides).sorted()
        self.resolveAsOf = resolveAsOf
        self.constraintsFile = constraintsFile
    }

    /// Whether LiteLLM resolves by itself, today, with nothing on top.
    public var isEmpty: Bool { overrides.isEmpty && resolveAsOf == nil && constraintsFile == nil }

    /// The normalized package names the overrides replace (`uvicorn` for `uvicorn==0.32.1`).
    public var overriddenPackages: [String] {
        overrides.map { ProxyRequirements.normalized(ProxyRequirements.name(of: $0)) }
    }

    /// Checks a `--resolve-as-of` day: `YYYY-MM-DD`, a real calendar day.
    ///
    /// - Returns: The day as given.
    /// - Throws: ``UsageError`` saying what is expected.
    public static func validatedDate(_ text: String) throws(UsageError) -> String {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let digits = parts.map { $0.allSatisfy { ("0"..."9").contains($0) } }
        var components = DateComponents()
        if parts.map(\.count) == [4, 2, 2], !digits.contains(false) {
            components = DateComponents(year: Int(parts[0]), month: Int(parts[1]), day: Int(parts[2]))
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        // A date that does not round-trip (2025-02-30) is not a day of the calendar.
        guard let date = calendar.date(from: components),
            calendar.dateComponents([.year, .month, .day], from: date) == components
        else {
            throw UsageError(
                "--resolve-as-of takes a day as YYYY-MM-DD, such as 2025-02-20, not '\(text)'")
        }
        return text
    }
}
