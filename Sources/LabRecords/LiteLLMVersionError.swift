/// Why a text is not a LiteLLM version the lab can use.
package enum LiteLLMVersionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text is not a release version.
    case invalid(String)
    /// `pip index versions` listed no release the lab may install.
    case noInstallableRelease(String)

    /// What is wrong and what to do.
    package var description: String {
        switch self {
        case .invalid(let text):
            return
                "'\(text)' is not a LiteLLM version: expected a PyPI release such as 1.61.20 or 1.74.0.post1"
                + " (pre-releases and tags such as 1.61.20-stable are not accepted), or the word latest"
        case .noInstallableRelease(let output):
            return "pip index versions litellm listed no installable release; its output was:\n\(output)"
        }
    }
}
