import LabRunner
import LabWire

/// A proxy a lab run puts between the load and the backend.
protocol ProxyUnderTest {
    /// Names the run folder and the report, e.g. `litellm-1.61.20` or `nginx`.
    var label: String { get }
    /// Versions recorded in the report.
    var versions: [String: String] { get }
    /// Prepares (installs, configures) and starts the proxy, routing each scenario to its backend,
    /// listening on `port`.
    func start(routes: [ScenarioRig], port: Int, folder: RunFolder, say: (String) -> Void) throws
        -> StartedProxy
}

/// A proxy that was started: where the load goes and how to tell it is ready.
struct StartedProxy {
    /// The process, stopped when the run ends.
    let process: ProxyProcess
    /// The proxy's root URL; each scenario's load posts to its endpoint's path there.
    let base: HTTPURL
    /// The bearer key the load sends, if the proxy wants one.
    let apiKey: String?
    /// Answers 200 once the proxy serves.
    let healthURL: HTTPURL
}

/// The proxies `lab run --proxy` knows.
public enum ProxyChoice: String, CaseIterable, Sendable {
    /// The real LiteLLM proxy from PyPI (the default).
    case litellm
    /// nginx with its defaults: closes the upstream request when the client leaves (a PASS control).
    case nginx
    /// nginx with `proxy_ignore_client_abort on;`: keeps it on purpose (a LEAK control).
    case nginxIgnoreClientAbort = "nginx-ignore-client-abort"
}
