import LabAPI
import LabWire

/// A proxy someone else runs (`--target`), wired to a fake backend someone else runs (`--backend-url`):
/// the lab neither installs, starts, checks nor stops it, and measures it by the same rules.
struct ExternalProxy: ProxyUnderTest {
    /// The proxy's root URL; a target given with an API path (`.../v1/chat/completions`) is cut back to it.
    let base: HTTPURL
    /// Bearer key the load sends (`--api-key`).
    let apiKey: String?

    /// The proxy at `target`, which may name an API path of the lab's (the README's form) or just the root.
    init(target: HTTPURL, apiKey: String?) {
        let path = target.path.split(separator: "?").first.map(String.init) ?? target.path
        let endpoint = APIEndpoint.allCases.first { path.hasSuffix($0.path) }
        let root = endpoint.map { String(path.dropLast($0.path.count)) } ?? path
        base = (try? HTTPURL(parsing: "http://\(target.hostHeader)\(root.isEmpty ? "/" : root)")) ?? target
        self.apiKey = apiKey
    }

    var needsWarmUp: Bool { false }
    var label: String { "external" }
    var versions: [String: String] { ["proxy": base.description] }

    func prepare(folder: RunFolder, say: (String) -> Void, progress: @escaping @Sendable (String) -> Void)
        -> Bool
    {
        false
    }

    func start(routes: [ScenarioRig], port: Int, folder: RunFolder, say: (String) -> Void) -> StartedProxy {
        StartedProxy(process: nil, base: base, apiKey: apiKey, healthURL: nil)
    }
}
