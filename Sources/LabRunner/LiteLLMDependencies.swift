import Foundation

/// How LiteLLM's dependencies are chosen on top of its own metadata: overrides, a resolution date,
/// a constraints file.
///
/// ```swift
/// var dependencies = LiteLLMDependencies(overrides: ["uvicorn==0.32.1"])
/// dependencies.resolveAsOf = "2025-02-20"
/// ```
public struct LiteLLMDependencies: Sendable, Hashable {
    /// Requirements that win over LiteLLM's own metadata (`--pip`), e.g. `uvicorn==0.32.1`.
    package var overrides: [String]
    /// Resolve as published by this day, `YYYY-MM-DD` (`--resolve-as-of`); nil for today.
    package var resolveAsOf: String?
    /// A pip constraints file the resolution must respect (`--constraints`).
    package var constraintsFile: String?

    /// Dependencies as given; overrides are kept in one canonical order.
    package init(overrides: [String] = [], resolveAsOf: String? = nil, constraintsFile: String? = nil) {
        self.overrides = Set(overrides).sorted()
        self.resolveAsOf = resolveAsOf
        self.constraintsFile = constraintsFile
    }

    /// Whether LiteLLM resolves by itself, today, with nothing on top.
    package var isEmpty: Bool { overrides.isEmpty && resolveAsOf == nil && constraintsFile == nil }

    /// The normalized package names the overrides replace (`uvicorn` for `uvicorn==0.32.1`).
    package var overriddenPackages: [String] {
        overrides.map { ProxyRequirements.normalized(ProxyRequirements.name(of: $0)) }
    }
}
