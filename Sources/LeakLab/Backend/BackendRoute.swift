/// What the backend does with a parsed request.
enum BackendRoute: Equatable {
    /// An API call (OpenAI or Anthropic format): held, counted, answered after the hold.
    case api(APIEndpoint)
    /// `GET /health`.
    case health
    /// `GET /stats`: counters as JSON.
    case stats
    /// `GET /requests`: every request record as JSON.
    case requests
    /// `GET /metrics`: counters in Prometheus format.
    case metrics
    /// A refusal with this status (404 unknown path, 405 wrong method); `allow` lists the right methods.
    case refused(HTTPStatus, allow: String?)

    static let controlPaths: [String: BackendRoute] = [
        "/health": .health, "/stats": .stats, "/requests": .requests, "/metrics": .metrics,
    ]

    /// Routes by path first, then method, so a known path with the wrong method is a 405.
    init(method: String, path: String) {
        if let endpoint = APIEndpoint(path: path) {
            self = method == "POST" ? .api(endpoint) : .refused(.methodNotAllowed, allow: "POST")
        } else if let control = Self.controlPaths[path] {
            self =
                method == "GET" || method == "HEAD"
                ? control : .refused(.methodNotAllowed, allow: "GET, HEAD")
        } else {
            self = .refused(.notFound, allow: nil)
        }
    }
}
