import Foundation

/// The Python programs the lab runs in a venv or an image (`python -c TEXT ARGS...`): kept as `.py` files in
/// `Sources/LabInstalls/Python/`, so they are linted (ruff, `make lint`) and read as Python, and shipped as the
/// target's resources beside every binary (`*.resources`, copied into the images too).
package enum PythonScript: String, CaseIterable, Sendable {
    /// What a venv holds and which declared requirements its packages break (``VenvInspection``).
    case venvInspection = "venv_inspection"
    /// A source tree's declared name and version.
    case sourceTreeMetadata = "source_tree_metadata"
    /// The newest upload time of a package version on the machine's index.
    case indexUploadTime = "index_upload_time"
    /// A user's LiteLLM config rewritten for the lab, read by LiteLLM's own code.
    case userConfigRewrite = "user_config_rewrite"
    /// Every route the proxy's own application serves, and which of them send a request upstream.
    case routeCensus = "route_census"

    /// The program's text.
    ///
    /// A binary without its resources is a packaging mistake the lab cannot recover from: it stops, saying so.
    package var text: String {
        guard let url = Bundle.module.url(forResource: rawValue, withExtension: "py", subdirectory: "Python"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            fatalError(
                "Python/\(rawValue).py is missing from the lab's resources: copy the *.resources folder built"
                    + " beside the lab binary along with it")
        }
        return text
    }
}
