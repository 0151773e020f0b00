/// nginx as a control proxy whose behaviour on client aborts is documented and known.
struct NginxUnderTest: ProxyUnderTest {
    let ignoreClientAbort: Bool

    var label: String { ignoreClientAbort ? "nginx-ignore-client-abort" : "nginx" }
    var versions: [String: String] { ["nginx": ignoreClientAbort ? "proxy_ignore_client_abort on" : "defaults"] }

    func start(backend: HTTPURL, port: Int, folder: RunFolder, say: (String) -> Void) throws -> StartedProxy {
        let config = NginxConfig(
            backendURL: backend.description, port: port, ignoreClientAbort: ignoreClientAbort,
            prefix: folder.file("nginx"))
        say("starting nginx on 127.0.0.1:\(port), proxy_ignore_client_abort \(ignoreClientAbort ? "on" : "off") (log: nginx/)")
        let process = try ProxyProcess.startNginx(config, log: folder.file("proxy.log"))
        let base = try HTTPURL(parsing: process.baseURL)
        return StartedProxy(
            process: process, target: base.appending(path: "/v1/chat/completions"), apiKey: nil,
            healthURL: base.appending(path: "/lab-health"))
    }
}
