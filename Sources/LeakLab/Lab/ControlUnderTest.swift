import LabRunner
import LabWire

/// nginx as a control proxy whose behaviour on client aborts is documented and known.
struct NginxUnderTest: ProxyUnderTest {
    let ignoreClientAbort: Bool

    var needsWarmUp: Bool { false }
    var label: String { ignoreClientAbort ? "nginx-ignore-client-abort" : "nginx" }
    var versions: [String: String] {
        ["nginx": ignoreClientAbort ? "proxy_ignore_client_abort on" : "defaults"]
    }

    /// nginx comes from the system's packages: nothing to install.
    func prepare(folder: RunFolder, say: (String) -> Void) -> Bool { false }

    func start(routes: [ScenarioRig], port: Int, folder: RunFolder, say: (String) -> Void) throws
        -> StartedProxy
    {
        guard routes.count == 1, let route = routes.first else {
            throw UsageError("the nginx controls measure one scenario at a time")
        }
        guard !route.scenario.needsRouter else {
            throw UsageError(
                "scenario \(route.scenario.name) needs LiteLLM's router (timeouts, retries, fallbacks): "
                    + "nginx cannot play it; choose another scenario or --proxy litellm")
        }
        let config = NginxConfig(
            backendURL: route.url.description, port: port, ignoreClientAbort: ignoreClientAbort,
            prefix: folder.file("nginx"))
        say(
            "starting nginx on 127.0.0.1:\(port), proxy_ignore_client_abort \(ignoreClientAbort ? "on" : "off") (log: nginx/)"
        )
        let process = try ProxyProcess.startNginx(config, log: folder.file("proxy.log"))
        return try StartedProxy(process: process, apiKey: nil, healthPath: "/lab-health")
    }
}
