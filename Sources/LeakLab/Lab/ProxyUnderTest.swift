import LabProxies
import LabRecords
import LabWire

/// A proxy a lab run puts between the load and the backend.
protocol ProxyUnderTest: Sendable {
    /// Names the run folder and the report, e.g. `litellm-1.61.20` or `nginx`.
    var label: String { get }
    /// Versions recorded in the report.
    var versions: [String: String] { get }
    /// The LiteLLM build it runs, which the report names; nil for a proxy that is not LiteLLM.
    var litellmBuild: LiteLLMBuild? { get }
    /// Whether its first requests are slow enough to need a warm-up, and it can route the warm-up's models.
    var needsWarmUp: Bool { get }
    /// The install a matrix, bisect or comparison may run ahead of this proxy's turn; nil when the lab installs
    /// nothing for it (a control from the system's packages, an image).
    var installAhead: LiteLLMUnderTest? { get }
    /// The run's settings as this proxy was started with them, which its report names.
    func settingsAsStarted(_ settings: LabSettings) -> LabSettings
    /// Checks what the user gave this proxy (a config of their own and its model) before anything is measured,
    /// so that a wrong input costs no measurement; may install what reading it needs, logging into `folder`.
    func checkInputs(folder: RunFolder, say: (String) -> Void) throws
    /// Installs what the proxy needs (a venv, say) and records it in `folder`; quick when already there.
    ///
    /// - Parameters:
    ///   - say: Lines for the run's log and people.
    ///   - progress: What the installers are doing now, for an updating terminal line.
    /// - Returns: Whether anything was installed now (false when it was cached or there is nothing to install).
    func prepare(folder: RunFolder, say: (String) -> Void, progress: @escaping @Sendable (String) -> Void)
        throws -> Bool
    /// Configures and starts the proxy, routing each scenario to its backend, listening on `port`; nil for
    /// a proxy the lab does not start (`--target`).
    func start(routes: [ScenarioRig], port: Int, folder: RunFolder, say: (String) -> Void) throws
        -> StartedProxy
}

extension ProxyUnderTest {
    /// Not LiteLLM: the report records no build.
    var litellmBuild: LiteLLMBuild? { nil }
    /// Nothing to install ahead.
    var installAhead: LiteLLMUnderTest? { nil }
    /// Started as the run asked.
    func settingsAsStarted(_ settings: LabSettings) -> LabSettings { settings }
    /// Nothing of the user's to check.
    func checkInputs(folder: RunFolder, say: (String) -> Void) throws {}
}

/// A proxy that was started: where the load goes and how to tell it is ready.
struct StartedProxy: Sendable {
    /// The proxy's process, stopped when the run ends; nil for a proxy someone else runs.
    let process: ProxyProcess?
    /// The proxy's root URL; each scenario's load posts to its endpoint's path there.
    let base: HTTPURL
    /// The bearer key the load sends, if the proxy wants one.
    let apiKey: String?
    /// Answers 200 once the proxy serves; nil when the lab does not check (a proxy someone else runs).
    let healthURL: HTTPURL?
    /// The model the load asks for instead of each scenario's own: one of a user's config.
    var model: String? = nil
}

extension StartedProxy {
    /// A proxy the lab started: the load goes to its root, and it serves once `healthPath` answers 200.
    init(process: ProxyProcess, apiKey: String?, healthPath: String, model: String? = nil) throws {
        let base = try HTTPURL(parsing: process.baseURL)
        self.init(
            process: process, base: base, apiKey: apiKey, healthURL: base.appending(path: healthPath),
            model: model)
    }
}

/// The proxies `lab run --proxy` knows.
public enum ProxyChoice: String, CaseIterable, Sendable {
    /// The real LiteLLM proxy from PyPI (the default).
    case litellm
    /// nginx with its defaults: closes the upstream request when the client leaves (a PASS control).
    case nginx
    /// nginx with `proxy_ignore_client_abort on;`: keeps it on purpose (a LEAK control).
    case nginxIgnoreClientAbort = "nginx-ignore-client-abort"
    /// HAProxy 2.6 with its defaults: "aborted requests will be served" (a LEAK control).
    case haproxy
    /// HAProxy 2.6 with `option abortonclose`: aborts a request whose client closed its side.
    case haproxyAbortOnClose = "haproxy-abortonclose"
    /// Caddy's `reverse_proxy` with its defaults: the request is canceled when the client leaves (a PASS control).
    case caddy
    /// Caddy with `flush_interval -1`: "client disconnection will be ignored" (a LEAK control).
    case caddyFlushIntervalMinusOne = "caddy-flush-interval-minus-1"
}
