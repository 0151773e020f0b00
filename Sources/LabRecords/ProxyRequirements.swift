import Foundation

/// What LiteLLM's `proxy` extra adds, as requirements pip can install from PyPI here.
///
/// From 1.108.14 on, `litellm[proxy]` names companion packages PyPI does not serve (`litellm-proxy`,
/// pinned `litellm-proxy-extras`). The proxy code is in the `litellm` wheel itself, so the lab
/// installs `litellm==V` plus this list instead.
package enum ProxyRequirements {
    /// The requirements the `proxy` extra adds, installable without the unavailable companions.
    ///
    /// Keeps each requirement whose marker needs `extra == 'proxy'`, with that clause removed and
    /// any other clauses kept; drops `litellm-proxy`; unpins `litellm-proxy-extras` and
    /// `litellm-enterprise` (their latest releases are published).
    ///
    /// ```swift
    /// ProxyRequirements.installable(fromRequiresDist: ["granian>=2.7.4 ; python_full_version < '3.15' and extra == 'proxy'"])
    /// // ["granian>=2.7.4 ; python_full_version < '3.15'"]
    /// ```
    ///
    /// - Parameter requiresDist: The wheel's `Requires-Dist` entries, as
    ///   `importlib.metadata.requires('litellm')` returns them.
    /// - Returns: Requirement strings for `pip install`, in input order.
    package static func installable(fromRequiresDist requiresDist: [String]) -> [String] {
        requiresDist.compactMap { line in
            let parts = line.split(separator: ";", maxSplits: 1).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard parts.count == 2, !parts[0].isEmpty else { return nil }
            let withProxy = Marker.specialize(parts[1], extra: "proxy")
            // Only what the extra adds: a requirement the base package has anyway is pip's business.
            guard withProxy != .never, withProxy != Marker.specialize(parts[1], extra: nil) else {
                return nil
            }
            let name = Self.name(of: parts[0])
            let requirement: String
            switch normalized(name) {
            case "litellm-proxy": return nil
            case "litellm-proxy-extras", "litellm-enterprise": requirement = name
            default: requirement = parts[0]
            }
            guard case .condition(let condition) = withProxy else { return requirement }
            return "\(requirement) ; \(condition)"
        }
    }

    /// The companion packages newer proxy extras name, which PyPI does not always serve (normalized).
    package static let companions: Set<String> = [
        "litellm-proxy", "litellm-proxy-extras", "litellm-enterprise",
    ]

    /// The project name a requirement starts with: `litellm` for `litellm[proxy]==1.61.20`.
    package static func name(of requirement: String) -> String {
        String(requirement.prefix { $0.isLetter || $0.isNumber || "-_.".contains($0) })
    }

    /// A package or extra name compared as PEP 503/685 do: lower case, runs of `-_.` as one `-`.
    package static func normalized(_ name: String) -> String {
        name.lowercased().split(whereSeparator: { "-_.".contains($0) }).joined(separator: "-")
    }
}
