/// What the load client fires: how many requests, where, and when it gives up on each.
public struct LoadPlan: Sendable {
    /// The URL every request is posted to, e.g. `http://127.0.0.1:4000/v1/chat/completions`.
    public var target: HTTPURL
    /// How many requests go out at once (default 10, as in the original script).
    public var requests: Int
    /// When each request is abandoned, counted from its launch (default 1 s, as `curl --max-time 1`).
    public var timeout: Duration
    /// Sent as `Authorization: Bearer <key>` when set.
    public var apiKey: String?
    /// The JSON body posted.
    public var body: [UInt8]

    /// A plan with the original reproduction's defaults for everything not given.
    public init(
        target: HTTPURL, requests: Int = 10, timeout: Duration = .seconds(1), apiKey: String? = nil,
        body: [UInt8] = Array(LoadPlan.originalChatBody.utf8)
    ) {
        self.target = target
        self.requests = requests
        self.timeout = timeout
        self.apiKey = apiKey
        self.body = body
    }

    /// The non-streaming chat body of the original reproduction script.
    public static let originalChatBody =
        #"{"model":"gpt-4o","messages":[{"role":"system","content":"You are a helpful assistant."},"#
        + #"{"role":"user","content":"Hello!"}]}"#

    /// The request bytes, identical for every request of the plan.
    var requestBytes: [UInt8] {
        var headers = HTTPHeaders([
            ("Host", target.hostHeader), ("Content-Type", "application/json"), ("Accept", "application/json"),
            ("User-Agent", "litellm-leak-lab/load-client"),
        ])
        if let apiKey { headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        return HTTPRequest(method: "POST", target: target.path, headers: headers, body: body).serialized()
    }
}
