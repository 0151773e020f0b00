import LabAPI
import LabCore
import LabProxies
import LabWire

/// How LiteLLM reaches one scenario's backends: the scenario's model at its backend, and the fallback model at
/// the second backend of a fallback scenario. What the lab's LiteLLM config is made of, natively and in compose.
struct ScenarioRoute: Sendable {
    let scenario: Scenario
    /// The backend's root URL.
    let url: HTTPURL
    /// The root URL of the second backend a `fallback` scenario's second model is served by.
    let fallbackURL: HTTPURL?
    /// The model's own upstream timeout in LiteLLM's config, seconds (see ``Scenario/modelTimeoutAfterClient``).
    let modelTimeout: Double?

    /// `scenario`'s route to `url` (and `fallbackURL`), its model timeout following the client's `clientTimeout`.
    init(_ scenario: Scenario, url: HTTPURL, fallbackURL: HTTPURL? = nil, clientTimeout: Duration?) {
        self.scenario = scenario
        self.url = url
        self.fallbackURL = fallbackURL
        modelTimeout = clientTimeout.flatMap { timeout in
            scenario.modelTimeoutAfterClient.map { (timeout + $0).seconds }
        }
    }

    /// Its model, and the fallback model when it has one; none for a provider pass-through, whose upstream is
    /// the proxy's environment's, nor for an MCP tool call, whose upstream is an MCP server.
    var litellmModels: [LiteLLMConfig.Model] {
        guard scenario.upstreamBaseVariable == nil, scenario.endpoint != .mcpToolCall else { return [] }
        var models = [model(named: scenario.modelName, at: url)]
        if let fallbackURL { models.append(model(named: scenario.fallbackModelName, at: fallbackURL)) }
        return models
    }

    /// The `fallbacks` entry of a fallback scenario.
    var litellmFallbacks: [LiteLLMConfig.Fallback] {
        scenario.fallback ? [.init(model: scenario.modelName, to: [scenario.fallbackModelName])] : []
    }

    /// The OpenAI SDK's own base URL, which LiteLLM uses where it ignores a model's `api_base` (1.61.20's
    /// moderations): this route's backend, so that nothing is ever sent to OpenAI.
    var openAIBaseURL: String { "http://\(url.hostHeader)/v1" }

    /// The `files_settings` entry of a file upload scenario: OpenAI's uploads go to its backend.
    var litellmFilesProviders: [LiteLLMConfig.FilesProvider] {
        scenario.endpoint == .files ? [.init(apiBase: "http://\(url.hostHeader)/v1")] : []
    }

    /// The `vector_store_registry` entry of a RAG scenario: the store its queries search, at its backend.
    var litellmVectorStores: [LiteLLMConfig.VectorStore] {
        scenario.vectorStore.map { [.init(id: $0, apiBase: "http://\(url.hostHeader)/v1")] } ?? []
    }

    /// The `mcp_servers` entry of an MCP tool call scenario: the server its REST body names, at its backend's
    /// `/mcp`.
    var litellmMCPServers: [LiteLLMConfig.MCPServer] {
        scenario.endpoint == .mcpToolCall
            ? [
                .init(
                    name: MCPToolCallFormat.server,
                    url: url.appending(path: scenario.endpoint.path).description)
            ]
            : []
    }

    /// What the proxy's environment names for this route: its backend's root as a provider pass-through's
    /// upstream.
    var proxyEnvironment: [String: String] {
        scenario.upstreamBaseVariable.map { [$0: "http://\(url.hostHeader)"] } ?? [:]
    }

    /// The pass-through route of a pass-through scenario, to its backend's API path.
    var litellmPassThroughs: [LiteLLMConfig.PassThrough] {
        scenario.passThrough
            ? [
                .init(
                    path: scenario.passThroughPath,
                    target: url.appending(path: scenario.endpoint.path).description)
            ]
            : []
    }

    private func model(named name: String, at backend: HTTPURL) -> LiteLLMConfig.Model {
        // LiteLLM appends /v1/messages to an Anthropic base, but only the path to an OpenAI base that ends in /v1;
        // a Cohere rerank base is the whole URL (any other path makes it Cohere's v2 API). A realtime base is the
        // root: 1.61.20 appends /v1/realtime to it, 1.110.2 replaces its path with /v1/realtime.
        let root = "http://\(backend.hostHeader)"
        let apiBase =
            switch scenario.endpoint {
            case _ where scenario.realtime: root
            case .messages: root
            case .rerank: root + scenario.endpoint.path
            case .chat, .completions, .embeddings, .responses, .images, .imageEdits, .moderations, .speech,
                .transcriptions, .files, .runs, .batches, .mcpToolCall:
                root + "/v1"
            }
        return LiteLLMConfig.Model(
            name: name, upstream: scenario.upstreamModel, apiBase: apiBase,
            timeout: name == scenario.modelName ? modelTimeout : nil, numRetries: scenario.modelRetries)
    }
}

extension LiteLLMConfig {
    /// The config the lab gives LiteLLM: the models of `routes`, the master key from the environment
    /// (`LITELLM_MASTER_KEY`, so the file holds no secret), what their scenarios need of the proxy as a whole
    /// (one start serves them all), then `settings`, the user's, which win.
    static func lab(routes: [ScenarioRoute], settings: [String]) throws -> LiteLLMConfig {
        var config = LiteLLMConfig(
            models: routes.flatMap(\.litellmModels), masterKey: "os.environ/LITELLM_MASTER_KEY")
        config.fallbacks = routes.flatMap(\.litellmFallbacks)
        config.passThroughs = routes.flatMap(\.litellmPassThroughs)
        config.filesProviders = routes.flatMap(\.litellmFilesProviders)
        config.assistantsAPIBase = routes.first { $0.scenario.endpoint == .runs }.map(\.openAIBaseURL)
        config.vectorStores = routes.flatMap(\.litellmVectorStores)
        config.mcpServers = routes.flatMap(\.litellmMCPServers)
        // A batch naming a model goes to that model's deployment only with this setting; without it, to OpenAI's
        // default base. It routes only batches, and uploads whose first line names a model of the router.
        let batches = routes.contains { $0.scenario.endpoint == .batches }
        for setting in (batches ? ["litellm_settings.enable_loadbalancing_on_batch_endpoints=true"] : [])
            + settings
        {
            try config.apply(setting: setting)
        }
        return config
    }
}
