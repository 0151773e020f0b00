import LabAPI
import LabWire

/// What the backend does with a parsed request.
enum BackendRoute: Equatable {
    /// An API call (OpenAI or Anthropic format): held, counted, answered after the hold (at once for the APIs
    /// that `answersAtOnce`). A run's poll, `GET /v1/threads/thread_lab/runs/{run_id}`, is one of `runs`.
    case api(APIEndpoint)
    /// `GET /v1/realtime?model=M`: a websocket upgrade to OpenAI's Realtime API, held as an API request is.
    case realtime
    /// `POST /v1/vector_stores/{id}/search`: an OpenAI vector store's search, answered at once with one result (what
    /// a RAG query asks before the model it holds).
    case vectorStoreSearch
    /// `GET /health`.
    case health
    /// `GET /stats`: counters as JSON; `?since=T` (Unix seconds) adds how many requests arrived after T.
    case stats(since: Double?)
    /// `GET /requests`: every request record as JSON.
    case requests
    /// `GET /metrics`: counters in Prometheus format.
    case metrics
    /// `GET /arrivals?token=T[&wait=S]`: answered when the API request carrying arrival token T has arrived
    /// (at once when it already has), or after S seconds (default 60, at most 600) saying it has not.
    case arrival(token: String, wait: Double)
    /// A refusal with this status (404 unknown path, 405 wrong method); `allow` lists the right methods.
    case refused(HTTPStatus, allow: String?)

    /// Routes by path first, then method, so a known path with the wrong method is a 405.
    ///
    /// The query is ignored except for `/stats?since=T`, where a `since` that is not a number is a 400 (a
    /// caller that asks for a count must never silently get none), and `/arrivals`, where a missing or
    /// malformed token or wait is a 400.
    init(method: String, target: String) {
        let path = String(target.prefix { $0 != "?" })
        if path == "/v1/realtime" {
            self = method == "GET" ? .realtime : .refused(.methodNotAllowed, allow: "GET")
        } else if let run = path.split(separator: "/").last, path == APIEndpoint.runs.path + "/" + run {
            self = method == "GET" ? .api(.runs) : .refused(.methodNotAllowed, allow: "GET")
        } else if path.hasPrefix("/v1/vector_stores/") && path.hasSuffix("/search") {
            self = method == "POST" ? .vectorStoreSearch : .refused(.methodNotAllowed, allow: "POST")
        } else if let endpoint = APIEndpoint(path: path) {
            self = method == "POST" ? .api(endpoint) : .refused(.methodNotAllowed, allow: "POST")
        } else if let control = Self.control(path: path, target: target) {
            self =
                method == "GET" || method == "HEAD"
                ? control : .refused(.methodNotAllowed, allow: "GET, HEAD")
        } else {
            self = .refused(.notFound, allow: nil)
        }
    }

    private static func control(path: String, target: String) -> BackendRoute? {
        switch path {
        case "/health": return .health
        case "/requests": return .requests
        case "/metrics": return .metrics
        case "/arrivals":
            let query = target.drop { $0 != "?" }.dropFirst().split(separator: "&")
            guard let token = query.first(where: { $0.hasPrefix("token=") })?.dropFirst(6),
                ArrivalToken.isValid(token)
            else { return .refused(.badRequest, allow: nil) }
            guard let wait = query.first(where: { $0.hasPrefix("wait=") }) else {
                return .arrival(token: String(token), wait: 60)
            }
            guard let seconds = Double(wait.dropFirst(5)), seconds >= 0, seconds <= 600 else {
                return .refused(.badRequest, allow: nil)
            }
            return .arrival(token: String(token), wait: seconds)
        case "/stats":
            let query = target.drop { $0 != "?" }.dropFirst().split(separator: "&")
            guard let since = query.first(where: { $0.hasPrefix("since=") }) else {
                return .stats(since: nil)
            }
            guard let moment = Double(since.dropFirst(6)), moment.isFinite else {
                return .refused(.badRequest, allow: nil)
            }
            return .stats(since: moment)
        default: return nil
        }
    }
}
