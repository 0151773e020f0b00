import LabProxies
import LabWire

/// A control proxy: one nobody here wrote, whose own documentation predicts what it does when its client
/// leaves, started from the system's packages with a config the lab writes.
struct ControlUnderTest: ProxyUnderTest {
    /// Which control, and with which setting.
    let choice: ProxyChoice

    var needsWarmUp: Bool { false }
    var label: String { choice.rawValue }
    var versions: [String: String] { [program: setting] }

    /// The program, e.g. `haproxy`.
    private var program: String { String(choice.rawValue.prefix { $0 != "-" }) }

    /// The setting the control runs with, as its documentation names it.
    private var setting: String {
        switch choice {
        case .nginxIgnoreClientAbort: "proxy_ignore_client_abort on"
        case .haproxyAbortOnClose: "option abortonclose"
        case .caddyFlushIntervalMinusOne: "flush_interval -1"
        case .litellm, .nginx, .haproxy, .caddy: "defaults"
        }
    }

    /// A control comes from the system's packages: nothing to install.
    func prepare(folder: RunFolder, say: (String) -> Void, progress: @escaping @Sendable (String) -> Void)
        -> Bool
    {
        false
    }

    func start(routes: [ScenarioRig], port: Int, folder: RunFolder, say: (String) -> Void) throws
        -> StartedProxy
    {
        guard routes.count == 1, let route = routes.first else {
            throw UsageError("the \(program) controls measure one scenario at a time")
        }
        guard !route.scenario.needsLabLiteLLMConfig else {
            throw UsageError(
                "scenario \(route.scenario.name) needs LiteLLM's router (timeouts, retries, fallbacks) or its "
                    + "pass-through routes: "
                    + "\(program) cannot play it; choose another scenario or --proxy litellm")
        }
        let prefix = folder.file(program)
        let backend = "\(route.url.host):\(route.url.port)"
        say("starting \(program) on 127.0.0.1:\(port), \(setting) (log: proxy.log, files: \(program)/)")
        let log = folder.file("proxy.log")
        let process: ProxyProcess
        switch choice {
        case .nginx, .nginxIgnoreClientAbort:
            process = try ProxyProcess.startControl(
                NginxConfig(
                    backendURL: route.url.description, port: port, ignoreClientAbort: choice != .nginx,
                    prefix: prefix), log: log)
        case .haproxy, .haproxyAbortOnClose:
            process = try ProxyProcess.startControl(
                HAProxyConfig(backend: backend, port: port, abortOnClose: choice != .haproxy, prefix: prefix),
                log: log)
        case .caddy, .caddyFlushIntervalMinusOne:
            process = try ProxyProcess.startControl(
                CaddyConfig(
                    backend: backend, port: port, ignoreClientDisconnect: choice != .caddy, prefix: prefix),
                log: log)
        case .litellm:
            throw UsageError("LiteLLM is the proxy under test, not a control")
        }
        return try StartedProxy(process: process, apiKey: nil, healthPath: "/lab-health")
    }
}
