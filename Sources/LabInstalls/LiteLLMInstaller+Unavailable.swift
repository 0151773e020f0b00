import Foundation
import LabRecords

extension LiteLLMInstaller {
    /// What an installer's failure output says is missing from the index.
    enum Unavailable: Equatable {
        /// The LiteLLM release itself.
        case litellm
        /// Only the proxy extra's companion packages (1.108.14 on): install around them.
        case companions
        /// Another requirement: the override it names, or the requirement as the installer printed it.
        case requirement(String)
    }

    /// Reads pip's or uv's failure output for requirements with no installable distribution.
    ///
    /// - Parameters:
    ///   - output: What the failed install printed.
    ///   - overrides: The run's overrides, named rather than the installer's wording when one is missing.
    /// - Returns: What is missing, or nil when the failure was something else (a build error, say).
    static func unavailable(in output: String, overrides: [String]) -> Unavailable? {
        let missing = unavailableRequirements(in: output)
        guard !missing.isEmpty else { return nil }
        func name(_ requirement: String) -> String {
            ProxyRequirements.normalized(ProxyRequirements.name(of: requirement))
        }
        let names = Set(missing.map(name))
        if let override = overrides.first(where: { names.contains(name($0)) }) {
            return .requirement(override)
        }
        if names.contains("litellm") { return .litellm }
        if let other = missing.first(where: { !ProxyRequirements.companions.contains(name($0)) }) {
            return .requirement(other)
        }
        return .companions
    }

    /// The requirements pip or uv said it found nothing for, as printed (`uvicorn==99`, `litellm-proxy`).
    static func unavailableRequirements(in output: String) -> [String] {
        func word(_ text: Substring) -> String {
            String(text.prefix { !$0.isWhitespace }).trimmingCharacters(in: .init(charactersIn: ",.;:"))
        }
        var found: [String] = []
        for line in output.split(separator: "\n") {
            // pip: "No matching distribution found for X"; uv: "there is no version of X".
            for phrase in ["No matching distribution found for ", "there is no version of "] {
                found += line.ranges(of: phrase).map { word(line[$0.upperBound...]) }
            }
            // uv: "Because X was not found in the package registry" (or "provided package locations").
            for range in line.ranges(of: " was not found in the ") {
                found.append(String(line[..<range.lowerBound].split(separator: " ").last ?? ""))
            }
        }
        return found.filter { !$0.isEmpty }
    }
}
