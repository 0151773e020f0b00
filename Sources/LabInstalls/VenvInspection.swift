import Foundation
import LabCore

/// What a venv holds and which declared requirements its packages break, read by its own Python.
///
/// `pip check` and `uv pip check` ignore extras, so they call a venv "compatible" when an override
/// breaks a pin of LiteLLM's `proxy` extra: this check evaluates every installed distribution's
/// `Requires-Dist` with that extra active for `litellm`.
package struct VenvInspection: Sendable, Equatable {
    /// `name==version` per installed distribution, sorted case-insensitively, as `pip freeze` lists them.
    package var freeze: [String]
    /// Declared requirements the installed versions break; nil when they could not be checked.
    package var broken: [BrokenConstraint]?
    /// Why the requirements could not be checked, when they could not.
    package var uncheckedReason: String?

    /// A requirement some installed distribution declares and the venv does not satisfy.
    package struct BrokenConstraint: Sendable, Equatable, Decodable, CustomStringConvertible {
        /// The distribution that declares it, e.g. `litellm`.
        package var package: String
        /// Its installed version.
        package var version: String
        /// The requirement, e.g. `uvicorn<0.30.0,>=0.29.0`.
        package var requirement: String
        /// The extra it belongs to, e.g. `proxy`; nil for a base requirement.
        package var extra: String?
        /// The installed version of what it requires; nil when that is not installed.
        package var installed: String?

        /// `litellm 1.61.20 requires uvicorn<0.30.0,>=0.29.0 (extra proxy); installed 0.32.1`.
        package var description: String {
            "\(package) \(version) requires \(requirement)" + (extra.map { " (extra \($0))" } ?? "")
                + "; " + (installed.map { "installed \($0)" } ?? "not installed")
        }
    }

    /// Reads what ``PythonScript/venvInspection`` printed.
    ///
    /// - Throws: `DecodingError` when the output is not the script's JSON.
    package init(scriptOutput: String) throws {
        struct Output: Decodable {
            var freeze: [String]
            var broken: [BrokenConstraint]?
            var unchecked: String?
        }
        let output = try JSONCoding.decode(Output.self, from: Data(scriptOutput.utf8))
        freeze = output.freeze
        broken = output.broken
        uncheckedReason = output.unchecked
    }

    /// The `freeze` lines as one text, as `pip-freeze.txt` holds it.
    var freezeText: String { freeze.map { $0 + "\n" }.joined() }
}
