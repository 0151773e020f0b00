import LabAPI
import LabBackend
import LabCore
import LabLoad

/// One way a client can abandon a request: which API, streaming or not, what the backend does while it
/// holds the request, and how the client leaves. `lab scenarios` lists them.
public struct Scenario: Sendable, Equatable {
    /// The name used on the command line, e.g. `chat-stream-first-token`.
    public let name: String
    /// One line for `lab scenarios` and reports.
    public let summary: String
    /// The API the client calls (and the backend answers in).
    public let endpoint: APIEndpoint
    /// Whether the client asks for a stream.
    public let stream: Bool
    /// What the backend does while it holds a streaming request.
    public let backend: BackendBehaviour
    /// How the client gives up.
    public let client: ClientBehaviour
    /// When the client's timeout starts: when its request reached the backend (`arrival`), for every scenario
    /// but the original report's `chat`, whose client is `curl --max-time`'s (`sending`). An arrival client
    /// measures the scenario however slowly the proxy forwards (docs/scenarios.md says why, per scenario).
    public var timeoutFrom = TimeoutStart.arrival
    /// How long after the client's timeout the model's own upstream timeout (`litellm_params.timeout`) ends
    /// the request: relative, so that the proxy times out after the client left whatever `--timeout` is; nil
    /// leaves LiteLLM's 6000 s.
    public var modelTimeoutAfterClient: Duration? = nil
    /// The model's own retries (`litellm_params.num_retries`, which LiteLLM hands its router with the
    /// failure): nil leaves the router's (`router_settings.num_retries`, default 2). A model's setting, not the
    /// router's, so that every scenario of a build shares one proxy start.
    public var modelRetries: Int? = nil
    /// Whether the model falls back to a second model on a second backend when it fails (`fallbacks`).
    public var fallback = false
    /// Whether the client goes through one of LiteLLM's pass-through routes
    /// (`general_settings.pass_through_endpoints`) instead of a model: the proxy forwards the request as it
    /// is to the backend's API path.
    public var passThrough = false
    /// The proxy's route the load goes to instead of the API's own path, for a route with a handler of its own
    /// (the scheduler's `/queue/chat/completions`).
    public var proxyRoute: String? = nil
    /// The scheduler priority the body names: the queue route answers 400 to a request without one.
    public var priority: Int? = nil
    /// The vector store a RAG query's `retrieval_config` names: the lab's config registers it
    /// (`vector_store_registry`) at the scenario's backend, which answers its search at once.
    public var vectorStore: String? = nil
    /// Whether the client opens a websocket to OpenAI's Realtime API (`/v1/realtime?model=M`) instead of
    /// posting; LiteLLM relays it to a websocket of its own to the model's `api_base`.
    public var realtime = false
    /// The variable of the proxy's environment that names the upstream of a provider pass-through route of
    /// LiteLLM's own (`VLLM_API_BASE` for `/vllm/...`, the scenario's `proxyRoute`): the lab sets it to the
    /// scenario's backend and adds no model for it, since a body naming a router model takes the router's path.
    public var upstreamBaseVariable: String? = nil
    /// Whether only LiteLLM's own config can play this scenario: its models' timeouts, retries and
    /// fallbacks, a pass-through route the lab's config declares, a provider pass-through the lab's
    /// environment points at its backend, the `files_settings` or `assistant_settings` entry a file upload or an
    /// assistants run goes to, the batch routing a batch needs, the vector store a RAG query searches, or the MCP server a tool call goes to.
    var needsLabLiteLLMConfig: Bool {
        modelTimeoutAfterClient != nil || fallback || modelRetries != nil || passThrough
            || upstreamBaseVariable != nil || endpoint == .files || endpoint == .runs || endpoint == .batches
            || vectorStore != nil || endpoint == .mcpToolCall
    }

    /// Whether the proxy reaches this scenario's backend by a setting it has only one of, whatever the model: the
    /// OpenAI SDK's default base (1.61.20's moderations), `files_settings`' OpenAI entry, `assistant_settings`,
    /// a provider pass-through's variable, the MCP server. A warm-up request there would reach the measured
    /// backend, and be counted.
    var upstreamIsProxyWide: Bool {
        endpoint == .moderations || endpoint == .files || endpoint == .runs || endpoint == .mcpToolCall
            || upstreamBaseVariable != nil
    }

    /// The pass-through route of a `passThrough` scenario, on the proxy.
    var passThroughPath: String { "/lab/pass-through/\(name)" }

    /// Where the load asks the proxy: the API's path, or the scenario's pass-through route, with
    /// `?stream=true` for a stream (LiteLLM 1.61.20's pass-through streams only when the query says so;
    /// newer releases read the body's `stream`).
    var proxyPath: String {
        passThrough ? passThroughPath + (stream ? "?stream=true" : "") : proxyRoute ?? endpoint.path
    }

    /// The backend's path the direct control asks: the realtime websocket's, or the API's.
    var directPath: String { realtime ? Self.realtimePath : directEndpoint.path }

    /// The API the direct control asks: the scenario's, or chat's where the backend answers the scenario's at
    /// once (an assistants run lasts as the proxy's polls, which no client straight at the backend makes), so
    /// that the control still checks that a client leaving releases the request it leaves.
    var directEndpoint: APIEndpoint { endpoint.answersAtOnce ? .chat : endpoint }

    /// OpenAI's Realtime API's websocket, on the backend and on the proxy.
    static let realtimePath = "/v1/realtime"

    /// The model the client asks the proxy for: the original report's name for plain chat.
    var modelName: String { name == "chat" ? "gpt-4o" : "lab-\(name)" }

    /// The second model a `fallback` scenario's model falls back to.
    var fallbackModelName: String { "lab-\(name)-fallback" }

    /// How LiteLLM routes the model to the backend: Anthropic's API for `messages`, OpenAI's otherwise.
    var upstreamModel: String {
        if realtime { return "openai/gpt-4o-realtime-preview" }
        return switch endpoint {
        case .messages: "anthropic/\(endpoint.defaultModel)"
        case .completions: "text-completion-openai/gpt-3.5-turbo-instruct"
        case .embeddings: "openai/text-embedding-3-small"
        case .images: "openai/dall-e-3"
        case .imageEdits: "openai/gpt-image-1"
        case .rerank: "cohere/rerank-english-v3.0"
        case .moderations: "openai/omni-moderation-latest"
        case .speech: "openai/tts-1"
        case .transcriptions: "openai/whisper-1"
        case .chat, .responses, .files, .runs, .batches, .mcpToolCall: "openai/gpt-4o"
        }
    }

    /// The upstream name of the model as the backend sees it (and the client names it to a backend directly).
    var directModel: String { String(upstreamModel.split(separator: "/", maxSplits: 1)[1]) }

    /// Every scenario the lab knows, the original report's first.
    public static let catalogue: [Scenario] = [
        Scenario(
            name: "chat",
            summary: "non-streaming chat; the client gives up at its timeout (the original report)",
            endpoint: .chat, stream: false, backend: .answer, client: .timeout, timeoutFrom: .sending),
        Scenario(
            name: "chat-reset",
            summary:
                "non-streaming chat; the client aborts with a reset (RST) its timeout after its request reached the backend",
            endpoint: .chat, stream: false, backend: .answer, client: .reset),
        Scenario(
            name: "completions",
            summary:
                "non-streaming /v1/completions; the client leaves its timeout after its request reached the backend",
            endpoint: .completions, stream: false, backend: .answer, client: .timeout),
        Scenario(
            name: "embeddings",
            summary: "/v1/embeddings; the client leaves its timeout after its request reached the backend",
            endpoint: .embeddings, stream: false, backend: .answer, client: .timeout),
        Scenario(
            name: "responses",
            summary:
                "non-streaming /v1/responses (Responses API); the client leaves its timeout after its request reached the backend",
            endpoint: .responses, stream: false, backend: .answer, client: .timeout),
        Scenario(
            name: "messages",
            summary:
                "non-streaming Anthropic /v1/messages, routed as anthropic/; the client leaves its timeout after its request reached the backend",
            endpoint: .messages, stream: false, backend: .answer, client: .timeout),
        Scenario(
            name: "images",
            summary:
                "/v1/images/generations (image generation, never streamed); the client leaves its timeout after its request reached the backend",
            endpoint: .images, stream: false, backend: .answer, client: .timeout),
        Scenario(
            name: "images-edits",
            summary:
                "/v1/images/edits (image editing: a multipart/form-data request with a PNG file and the prompt, "
                + "never streamed; its handler goes through base_process_llm_request, unlike images'); the client "
                + "leaves its timeout after its request reached the backend",
            endpoint: .imageEdits, stream: false, backend: .answer, client: .timeout),
        Scenario(
            name: "rerank",
            summary:
                "/v1/rerank (Cohere's rerank, routed as cohere/, never streamed); the client leaves its timeout after its request reached the backend",
            endpoint: .rerank, stream: false, backend: .answer, client: .timeout),
        Scenario(
            name: "moderations",
            summary:
                "/v1/moderations (OpenAI's moderation API, never streamed; 1.61.20 ignores the model's api_base "
                + "and calls the OpenAI SDK's default, which the lab points at the backend); the client leaves its timeout after its request reached the backend",
            endpoint: .moderations, stream: false, backend: .answer, client: .timeout),
        Scenario(
            name: "audio-speech",
            summary:
                "/v1/audio/speech (text to speech: the answer is audio/mpeg, which the proxy relays as a stream "
                + "once it has it whole); the client leaves its timeout after its request reached the backend",
            endpoint: .speech, stream: false, backend: .answer, client: .timeout),
        Scenario(
            name: "audio-transcriptions",
            summary:
                "/v1/audio/transcriptions (speech to text: a multipart/form-data request with a WAV file, a "
                + "JSON answer); the client leaves its timeout after its request reached the backend",
            endpoint: .transcriptions, stream: false, backend: .answer, client: .timeout),
        Scenario(
            name: "files-upload",
            summary:
                "/v1/files (a file upload: a multipart/form-data request with a JSONL file of batch requests, "
                + "which the proxy sends to the provider files_settings names, here the backend); the client "
                + "leaves its timeout after its request reached the backend",
            endpoint: .files, stream: false, backend: .answer, client: .timeout),
        Scenario(
            name: "assistants-run",
            summary:
                "/v1/threads/{thread_id}/runs (an assistants run, not streamed, which the proxy sends to the "
                + "provider assistant_settings names, here the backend; the OpenAI SDK's create_and_poll creates "
                + "the run, then polls it every second until it ends, and the backend's run never does); the client "
                + "leaves its timeout after its run reached the backend",
            endpoint: .runs, stream: false, backend: .answer, client: .timeout),
        Scenario(
            name: "batches-create",
            summary:
                "/v1/batches (a batch created from a file id, naming the model, which the proxy routes to its "
                + "deployment with litellm_settings.enable_loadbalancing_on_batch_endpoints); the client leaves its "
                + "timeout after its request reached the backend",
            endpoint: .batches, stream: false, backend: .answer, client: .timeout),
        Scenario(
            name: "chat-queue",
            summary:
                "non-streaming chat through the scheduler's queue, /queue/chat/completions (its handler awaits "
                + "router.schedule_acompletion outside base_process_llm_request); timeout",
            endpoint: .chat, stream: false, backend: .answer, client: .timeout,
            // A wall-clock client: its body (with the priority) is the plan's own, which carries no arrival token.
            timeoutFrom: .sending, proxyRoute: "/queue/chat/completions", priority: 0),
        Scenario(
            name: "rag-query",
            summary:
                "a RAG query, /v1/rag/query (its handler awaits litellm.aquery outside base_process_llm_request): "
                + "the proxy searches the vector store the lab's config registers at the backend, which answers "
                + "at once, then asks the model with what it found; the client gives up at its timeout",
            endpoint: .chat, stream: false, backend: .answer, client: .timeout,
            // A wall-clock client: its body (with the retrieval_config) is the plan's own, as chat-queue's.
            timeoutFrom: .sending, proxyRoute: "/v1/rag/query", vectorStore: "vs_lab"),
        Scenario(
            name: "mcp-tool-call",
            summary:
                "an MCP tool call through the proxy's REST route, /mcp-rest/tools/call (its handler awaits the call "
                + "outside base_process_llm_request), to the MCP server the lab's config declares (mcp_servers, "
                + "streamable HTTP at the backend's /mcp, which answers the handshake at once and holds tools/call); "
                + "the client leaves its timeout after its request reached the backend",
            endpoint: .mcpToolCall, stream: false, backend: .answer, client: .timeout,
            proxyRoute: "/mcp-rest/tools/call"),
        Scenario(
            name: "pass-through",
            summary:
                "non-streaming chat through a pass-through route (general_settings.pass_through_endpoints) "
                + "to the backend's /v1/chat/completions; the client leaves its timeout after its request reached the backend",
            endpoint: .chat, stream: false, backend: .answer, client: .timeout, passThrough: true),
        Scenario(
            name: "provider-pass-through-vllm",
            summary:
                "non-streaming chat through LiteLLM's own vLLM pass-through, /vllm/v1/chat/completions "
                + "(create_pass_through_route), to the backend named by VLLM_API_BASE in the proxy's environment; "
                + "the client leaves its timeout after its request reached the backend",
            endpoint: .chat, stream: false, backend: .answer, client: .timeout,
            proxyRoute: "/vllm/v1/chat/completions", upstreamBaseVariable: "VLLM_API_BASE"),
        Scenario(
            name: "pass-through-stream-mid",
            summary:
                "streaming chat through a pass-through route; the model server "
                + midStreamDone(opening: "the role chunk")
                + "; the client leaves after \(midStreamTokens) content chunks (else its timeout after its request "
                + "reached the backend)",
            endpoint: .chat, stream: true, backend: .midStream, client: .afterContentChunks(midStreamTokens),
            passThrough: true),
        stream(.chat, stalls: .queued, "has queued the request: nothing sent, not even the response head"),
        stream(.chat, stalls: .head, "has sent the response head (200, text/event-stream), no event"),
        stream(
            .chat, stalls: .opening,
            #"has sent the head and the role chunk (delta {"role":"assistant","content":""}), no token"#),
        stream(
            .chat, stalls: .firstToken,
            "has sent the head, the role chunk and, \(ttft) later, the first content token, then stalls"),
        stream(.chat, stalls: .midStream, midStreamDone(opening: "the role chunk")),
        stream(
            .messages, stalls: .opening,
            "has sent the head, message_start and content_block_start, no content_block_delta"),
        stream(
            .messages, stalls: .firstToken,
            "has sent the head, message_start, content_block_start and, \(ttft) later, the first "
                + "content_block_delta, then stalls"),
        stream(.messages, stalls: .midStream, midStreamDone(opening: "message_start, content_block_start")),
        stream(
            .responses, stalls: .midStream,
            midStreamDone(opening: "response.created and the three other opening events")),
        stream(.completions, stalls: .midStream, midStreamDone(opening: nil)),
        Scenario(
            name: "realtime",
            summary:
                "a websocket to /v1/realtime (OpenAI's Realtime API, relayed by LiteLLM to a websocket of its own "
                + "to the backend, which sends session.created and holds); the client sends one message and closes "
                + "its TCP connection its timeout after its session reached the backend",
            endpoint: .chat, stream: false, backend: .answer, client: .timeout,
            proxyRoute: realtimePath, realtime: true),
        // Work for nobody: the proxy ends its upstream request at the model's timeout, 1 s after the client
        // left (inside the grace window), and then what its router does decides the verdict.
        // (With the default 1 s client timeout the model's is 2 s.)
        Scenario(
            name: "chat-timeout-retry",
            summary:
                "non-streaming chat; the model's timeout (2 s) ends each upstream request 1 s after the client "
                + "left, then the router retries it (num_retries default 2)",
            endpoint: .chat, stream: false, backend: .answer, client: .timeout,
            modelTimeoutAfterClient: .seconds(1)),
        Scenario(
            name: "chat-timeout-no-retry",
            summary:
                "as chat-timeout-retry with the model's num_retries: 0 (litellm_params): nothing is retried",
            endpoint: .chat, stream: false, backend: .answer, client: .timeout,
            modelTimeoutAfterClient: .seconds(1), modelRetries: 0),
        Scenario(
            name: "chat-timeout-fallback",
            summary:
                "as chat-timeout-no-retry, but fallbacks names a second model on a second backend: the first "
                + "model's timeout starts a request there",
            endpoint: .chat, stream: false, backend: .answer, client: .timeout,
            modelTimeoutAfterClient: .seconds(1), modelRetries: 0, fallback: true),
    ]

    /// The stream scenarios' timeline: the backend's default.
    private static let timeline = FakeBackend.Configuration.StreamTimeline()
    private static let ttft = Format.milliseconds(timeline.timeToFirstToken.seconds)
    /// What the client leaves after in the mid-stream scenarios: a few tokens, well before its timeout.
    private static let midStreamTokens = 3

    /// What the model server has done when a client leaves a `mid-stream` scenario.
    private static func midStreamDone(opening: String?) -> String {
        "streams: the head, " + (opening.map { "\($0), " } ?? "")
            + "the first token \(ttft) later, then one every "
            + Format.milliseconds(timeline.tokenInterval.seconds) + " for the whole hold"
    }

    /// A stream scenario named `API-stream-POINT`: what the server has done when it stalls, and how the
    /// client leaves (after a few content tokens when tokens flow, else at its timeout).
    private static func stream(_ endpoint: APIEndpoint, stalls point: BackendBehaviour, _ done: String)
        -> Scenario
    {
        let client: ClientBehaviour = point == .midStream ? .afterContentChunks(midStreamTokens) : .timeout
        let leaves =
            point == .midStream
            ? "the client leaves after \(midStreamTokens) content chunks (else its timeout after its request "
                + "reached the backend)"
            : "the client leaves its timeout after its request reached the backend"
        let name = "\(endpoint.rawValue)-stream-" + (point == .midStream ? "mid" : point.rawValue)
        let title =
            switch endpoint {
            case .chat: "chat"
            case .messages: "Anthropic messages"
            case .completions, .embeddings, .responses, .images, .imageEdits, .rerank, .moderations,
                .speech, .transcriptions, .files, .runs, .batches, .mcpToolCall:
                endpoint.path
            }
        return Scenario(
            name: name, summary: "streaming \(title); the model server \(done); \(leaves)",
            endpoint: endpoint, stream: true, backend: point, client: client)
    }

    /// The scenario called `name`, or a usage error listing the known ones.
    public static func named(_ name: String) throws(UsageError) -> Scenario {
        guard let scenario = catalogue.first(where: { $0.name == name }) else {
            throw UsageError(
                "unknown scenario '\(name)'; `lab scenarios` lists them: "
                    + catalogue.map(\.name).joined(separator: ", "))
        }
        return scenario
    }

    /// Scenarios from a comma-separated list, or every one for `all`.
    public static func list(_ text: String) throws(UsageError) -> [Scenario] {
        if text == "all" { return catalogue }
        var scenarios: [Scenario] = []
        for name in text.split(separator: ",") { scenarios.append(try named(String(name))) }
        return scenarios
    }
}
