import Foundation

/// How LiteLLM's dependencies are chosen on top of its own metadata: overrides, a resolution day, a
/// constraints file, or a lock that fixes them all.
///
/// ```swift
/// var dependencies = LiteLLMDependencies(overrides: ["uvicorn==0.32.1"])
/// dependencies.resolveAsOf = "2025-02-20"
/// ```
public struct LiteLLMDependencies: Sendable, Hashable {
    /// Requirements that win over LiteLLM's own metadata (`--pip`), e.g. `uvicorn==0.32.1`.
    package var overrides: [String]
    /// Resolve as published by this day (`--resolve-as-of`): `YYYY-MM-DD`, `release` (the release's upload
    /// day) or `today`; nil for the lab's default (the release's committed lock, else its day, else today).
    package var resolveAsOf: String?
    /// A pip constraints file the resolution must respect (`--constraints`).
    package var constraintsFile: String?
    /// A lock to install exactly, resolving nothing (`--lock`).
    package var lockFile: String?

    /// Dependencies as given; overrides are kept in one canonical order.
    package init(
        overrides: [String] = [], resolveAsOf: String? = nil, constraintsFile: String? = nil,
        lockFile: String? = nil
    ) {
        self.overrides = Set(overrides).sorted()
        self.resolveAsOf = resolveAsOf
        self.constraintsFile = constraintsFile
        self.lockFile = lockFile
    }

    /// Whether nothing is chosen on top of the lab's default resolution.
    package var isEmpty: Bool {
        overrides.isEmpty && resolveAsOf == nil && constraintsFile == nil && lockFile == nil
    }

    /// `date`'s UTC day, `YYYY-MM-DD`.
    package static func day(of date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// The start of the UTC day after `day` (`YYYY-MM-DD`), as uv's `--exclude-newer` takes it: what was
    /// uploaded by the end of `day` counts, whatever the machine's time zone.
    package static func dayAfter(_ day: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3,
            let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
            let next = calendar.date(byAdding: .day, value: 1, to: date)
        else { return day }
        return Self.day(of: next) + "T00:00:00Z"
    }

    /// The normalized package names the overrides replace (`uvicorn` for `uvicorn==0.32.1`).
    package var overriddenPackages: [String] {
        overrides.map { ProxyRequirements.normalized(ProxyRequirements.name(of: $0)) }
    }
}
