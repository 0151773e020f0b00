/// The APIs the backend holds and the load client speaks, each with its path and its wire format.
///
/// `messages` is Anthropic's API: what LiteLLM sends when a model is routed as `anthropic/...`.
public enum APIEndpoint: String, CaseIterable, Sendable {
    /// OpenAI chat completions, `POST /v1/chat/completions`: the original reproduction's route.
    case chat
    /// OpenAI legacy text completions, `POST /v1/completions`.
    case completions
    /// OpenAI embeddings, `POST /v1/embeddings`; never streams.
    case embeddings
    /// OpenAI Responses API, `POST /v1/responses`.
    case responses
    /// Anthropic messages, `POST /v1/messages`.
    case messages
    /// OpenAI image generation, `POST /v1/images/generations`; never streams.
    case images
    /// OpenAI image editing, `POST /v1/images/edits`: a form with an image file, not JSON; never streams.
    case imageEdits
    /// Cohere's rerank, `POST /v1/rerank`; never streams.
    case rerank
    /// OpenAI moderations, `POST /v1/moderations`; never streams.
    case moderations
    /// OpenAI text to speech, `POST /v1/audio/speech`: audio, not JSON; never streams.
    case speech
    /// OpenAI speech to text, `POST /v1/audio/transcriptions`: a form, not JSON; never streams (here).
    case transcriptions
    /// OpenAI file upload, `POST /v1/files`: a form with a JSONL file of batch requests; names no model.
    case files
    /// OpenAI assistants, a run created on a thread, `POST /v1/threads/thread_lab/runs`; names no model (the
    /// assistant does). Its polls, `GET` on the run's own path below it, are this endpoint's too.
    case runs
    /// OpenAI batches, `POST /v1/batches`: a batch created from an uploaded file's id; names no model where
    /// OpenAI's clients send it (the lab's names the router's, which LiteLLM reads to pick the deployment).
    case batches
    /// An MCP server's tool call, `POST /mcp` (streamable HTTP, JSON-RPC): what LiteLLM's `/mcp-rest/tools/call`
    /// sends; names no model, never streams.
    case mcpToolCall = "mcp-tool-call"

    /// The endpoint served at `path`, or nil when no API lives there.
    package init?(path: String) {
        guard let endpoint = Self.allCases.first(where: { $0.path == path }) else { return nil }
        self = endpoint
    }

    /// The request path, e.g. `/v1/chat/completions`.
    package var path: String {
        switch self {
        case .chat: "/v1/chat/completions"
        case .completions: "/v1/completions"
        case .embeddings: "/v1/embeddings"
        case .responses: "/v1/responses"
        case .messages: "/v1/messages"
        case .images: "/v1/images/generations"
        case .imageEdits: "/v1/images/edits"
        case .rerank: "/v1/rerank"
        case .moderations: "/v1/moderations"
        case .speech: "/v1/audio/speech"
        case .transcriptions: "/v1/audio/transcriptions"
        case .files: "/v1/files"
        case .runs: "/v1/threads/\(RunsFormat.threadID)/runs"
        case .batches: "/v1/batches"
        case .mcpToolCall: "/mcp"
        }
    }

    /// The model named when none is given: the original reproduction's, or a Claude name for Anthropic's API.
    package var defaultModel: String {
        switch self {
        case .messages: "claude-3-5-sonnet-20241022"
        case .images: "dall-e-3"
        case .imageEdits: "gpt-image-1"
        case .rerank: "rerank-english-v3.0"
        case .moderations: "omni-moderation-latest"
        case .speech: "tts-1"
        case .transcriptions: "whisper-1"
        case .chat, .completions, .embeddings, .responses, .files, .runs, .batches, .mcpToolCall: "gpt-4o"
        }
    }

    /// Whether the API answers `"stream": true` with server-sent events (embeddings and images never do).
    package var streams: Bool { format is any StreamingAPIFormat }

    /// The wire format of requests and answers.
    package var format: any APIFormat {
        switch self {
        case .chat: ChatCompletionsFormat()
        case .completions: CompletionsFormat()
        case .embeddings: EmbeddingsFormat()
        case .responses: ResponsesFormat()
        case .messages: MessagesFormat()
        case .images: ImagesFormat()
        case .imageEdits: ImageEditsFormat()
        case .rerank: RerankFormat()
        case .moderations: ModerationsFormat()
        case .speech: SpeechFormat()
        case .transcriptions: TranscriptionFormat()
        case .files: FilesFormat()
        case .runs: RunsFormat()
        case .batches: BatchesFormat()
        case .mcpToolCall: MCPToolCallFormat()
        }
    }

    /// Whether the backend answers this API's requests at once instead of holding them: a run's create and its
    /// polls are, since what lasts is the run (never finished), not any one request.
    package var answersAtOnce: Bool { self == .runs }
}
