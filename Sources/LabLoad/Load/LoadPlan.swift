import LabAPI
import LabWire

/// What the load client fires: how many requests, where, in which API, and how it gives up on each.
package struct LoadPlan: Sendable {
    /// The URL every request is posted to, e.g. `http://127.0.0.1:4000/v1/chat/completions`.
    package var target: HTTPURL
    /// How many requests go out at once (default 10, as in the original script).
    package var requests: Int
    /// When each request is abandoned, counted from when its connection is made and it starts going out
    /// (default 1 s, as `curl --max-time 1`; see `LoadClient` for why not from the connect call); for an
    /// arrival client (`timeoutFrom` `arrival`), counted from its request's arrival at the backend.
    package var timeout: Duration
    /// How long a connect may take before the request counts as one that could not connect (default 10 s:
    /// a loopback connect takes microseconds, unless the listener's queue is full and the kernel retries).
    var connectTimeout: Duration = .seconds(10)
    /// Sent as `Authorization: Bearer <key>` when set (and as `x-api-key` for Anthropic's API).
    package var apiKey: String?
    /// The API spoken: which body and headers are sent (default chat, the original reproduction's).
    package var endpoint: APIEndpoint
    /// Whether the body asks for a stream (`"stream": true`).
    package var stream: Bool
    /// The model the body names; nil names the endpoint's default (`gpt-4o`, a Claude model for `messages`).
    package var model: String?
    /// How each request is given up on (default: an orderly close at the timeout).
    package var behaviour: ClientBehaviour
    /// When each request's timeout starts: when it starts going out (default), or when it reached the
    /// backend (`arrival`; see `TimeoutStart`).
    package var timeoutFrom = TimeoutStart.sending
    /// The JSON body posted; nil posts the endpoint's own body built from `model` and `stream`. A body of
    /// its own carries no arrival token, so an arrival client's requests leave at the arrival limit.
    package var body: [UInt8]?
    /// For an arrival client: the root of the fake backend that says when each request arrived
    /// (`GET /arrivals`); nil means the target's own root (a load straight at the backend).
    package var arrivals: HTTPURL?
    /// Whether each request opens a websocket to OpenAI's Realtime API at the target (`?model=` added)
    /// instead of posting: it sends one message (carrying the arrival token) once the socket is open.
    package var websocket = false
    /// For an arrival client: how long after a request started going out it leaves anyway when its arrival
    /// never became known (default 30 s): a safety limit, so that a request the proxy never forwards ends.
    package var arrivalLimit: Duration = .seconds(30)

    /// A plan with the original reproduction's defaults for everything not given.
    package init(
        target: HTTPURL, requests: Int = 10, timeout: Duration = .seconds(1), apiKey: String? = nil,
        endpoint: APIEndpoint = .chat, stream: Bool = false, model: String? = nil,
        behaviour: ClientBehaviour = .timeout, body: [UInt8]? = nil
    ) {
        self.target = target
        self.requests = requests
        self.timeout = timeout
        self.apiKey = apiKey
        self.endpoint = endpoint
        self.stream = stream
        self.model = model
        self.behaviour = behaviour
        self.body = body
    }

    /// The non-streaming chat body of the original reproduction script.
    package static var originalChatBody: String {
        ChatCompletionsFormat().requestBody(model: "gpt-4o", stream: false).serialized
    }

    /// Where an arrival client asks when its requests arrived.
    package var arrivalsRoot: HTTPURL { arrivals ?? HTTPURL(host: target.host, port: target.port) }

    /// The request bytes, identical for every request of the plan.
    package var requestBytes: [UInt8] { requestBytes(token: nil) }

    /// A websocket plan's opening: the upgrade request with a fresh key, and its one message, masked, whose
    /// prompt carries `token` when given.
    package func realtimeOpening(token: String?) -> RealtimeOpening {
        let key = WebSocketHandshake.newKey()
        let model = model ?? "gpt-4o-realtime-preview"
        let upgrade = WebSocketHandshake.request(
            target: target.path + "?model=" + model, host: target.hostHeader, key: key,
            extraHeaders: [("User-Agent", "litellm-leak-lab/load-client")]
                + (apiKey.map { [("Authorization", "Bearer \($0)")] } ?? []))
        let prompt = token.map(ArrivalToken.prompt(carrying:)) ?? "Hello!"
        return RealtimeOpening(
            upgrade: upgrade.serialized(), key: key,
            message: WebSocketFrame.text(RealtimeEvents.userMessage(prompt)).encoded(
                maskingKey: WebSocketFrame.newMaskingKey()))
    }

    /// The request bytes; with `token`, the prompt carries it (`ArrivalToken`), unless the plan has a body of
    /// its own.
    package func requestBytes(token: String?) -> [UInt8] {
        let payload =
            body.map { APIBody(contentType: "application/json", bytes: $0) }
            ?? endpoint.format.requestPayload(
                model: model ?? endpoint.defaultModel, stream: stream,
                prompt: token.map(ArrivalToken.prompt(carrying:)))
        var headers = HTTPHeaders([
            ("Host", target.hostHeader), ("Content-Type", payload.contentType),
            ("Accept", "application/json"),
            ("User-Agent", "litellm-leak-lab/load-client"),
        ])
        for (name, value) in endpoint.format.requestHeaders(apiKey: apiKey) {
            headers.add(name: name, value: value)
        }
        return HTTPRequest(method: "POST", target: target.path, headers: headers, body: payload.bytes)
            .serialized()
    }
}
