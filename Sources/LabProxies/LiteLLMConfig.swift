/// The LiteLLM proxy's `config.yaml`: models routed to the lab's backends, plus settings.
///
/// ```swift
/// var config = LiteLLMConfig(backendURL: "http://127.0.0.1:5001")
/// try config.apply(setting: "general_settings.cancel_on_disconnect=true")
/// try config.write(toFile: "run/litellm-config.yaml")
/// ```
package struct LiteLLMConfig: Sendable, Hashable {
    /// A model in `model_list`; the original reproduction of issue 9178 had one.
    package struct Model: Sendable, Hashable {
        /// The name clients ask for (`model_name`); "gpt-4o" by default.
        package var name: String
        /// The upstream model (`litellm_params.model`); "openai/gpt-4o" by default, an
        /// OpenAI-compatible backend.
        package var upstream: String
        /// The backend's OpenAI base URL (`litellm_params.api_base`), ending in `/v1`.
        package var apiBase: String
        /// The key sent upstream (`litellm_params.api_key`); ``labAPIKey`` by default.
        package var apiKey: String
        /// The key the lab's models send upstream: the backend takes any.
        package static let labAPIKey = "api-key"
        /// The upstream timeout in seconds (`litellm_params.timeout`); `nil` (the default) leaves
        /// LiteLLM's own 6000 s.
        package var timeout: Double?
        /// How often the router retries a failed request to this model (`litellm_params.num_retries`); `nil`
        /// (the default) leaves the router's `num_retries`.
        package var numRetries: Int?
        /// Any other `litellm_params` entries.
        var extraParams: [String: ConfigValue]

        /// Describes the model.
        ///
        /// - Parameters:
        ///   - name: The name clients ask for.
        ///   - upstream: The upstream model, with its provider prefix.
        ///   - apiBase: The backend's OpenAI base URL.
        ///   - apiKey: The key sent upstream.
        ///   - timeout: The upstream timeout in seconds, or `nil` for LiteLLM's default.
        ///   - numRetries: The model's retries, or `nil` for the router's.
        ///   - extraParams: Other `litellm_params` entries.
        package init(
            name: String = "gpt-4o", upstream: String = "openai/gpt-4o", apiBase: String,
            apiKey: String = Model.labAPIKey,
            timeout: Double? = nil, numRetries: Int? = nil, extraParams: [String: ConfigValue] = [:]
        ) {
            self.name = name
            self.upstream = upstream
            self.apiBase = apiBase
            self.apiKey = apiKey
            self.timeout = timeout
            self.numRetries = numRetries
            self.extraParams = extraParams
        }
    }

    /// A `router_settings.fallbacks` entry: when `model` fails, the router tries `to`, in order.
    package struct Fallback: Sendable, Hashable {
        /// The model name whose failures fall back.
        package var model: String
        /// The model names tried instead.
        package var to: [String]

        /// A fallback from `model` to `to`.
        package init(model: String, to: [String]) {
            self.model = model
            self.to = to
        }
    }

    /// A `general_settings.pass_through_endpoints` entry: the proxy forwards requests at `path` as they are
    /// to `target`, without authentication (`auth: false`, which needs no licence in any release).
    package struct PassThrough: Sendable, Hashable {
        /// The route on the proxy, e.g. `/lab/pass-through/chat`.
        package var path: String
        /// The URL requests are forwarded to.
        package var target: String

        /// A route at `path` forwarding to `target`.
        package init(path: String, target: String) {
            self.path = path
            self.target = target
        }
    }

    /// A `files_settings` entry: where the proxy sends the file uploads of a provider that no model names.
    package struct FilesProvider: Sendable, Hashable {
        /// The provider (`custom_llm_provider`), e.g. `openai`: what an upload names, `openai` by default.
        package var provider: String
        /// The provider's base URL (`api_base`), ending in `/v1` for OpenAI's.
        package var apiBase: String

        /// Uploads for `provider` go to `apiBase`.
        package init(provider: String = "openai", apiBase: String) {
            self.provider = provider
            self.apiBase = apiBase
        }
    }

    /// A `vector_store_registry` entry: an OpenAI vector store whose searches the proxy sends to `apiBase`.
    package struct VectorStore: Sendable, Hashable {
        /// The store's id (`vector_store_id`), which a RAG query's `retrieval_config` names.
        package var id: String
        /// The provider's base URL (`api_base`), ending in `/v1` for OpenAI's.
        package var apiBase: String

        /// The store `id`, searched at `apiBase`.
        package init(id: String, apiBase: String) {
            self.id = id
            self.apiBase = apiBase
        }
    }

    /// An `mcp_servers` entry: an MCP server the proxy reaches over streamable HTTP (`transport: http`).
    package struct MCPServer: Sendable, Hashable {
        /// The server's name, which a REST tool call's `server_id` names.
        package var name: String
        /// The server's URL.
        package var url: String

        /// The server `name` at `url`.
        package init(name: String, url: String) {
            self.name = name
            self.url = url
        }
    }

    /// The models the proxy serves (one per scenario when several run against one proxy start).
    package var models: [Model]
    /// `router_settings.fallbacks`; empty (the default) writes none.
    package var fallbacks: [Fallback] = []
    /// `general_settings.pass_through_endpoints`; empty (the default) writes none.
    package var passThroughs: [PassThrough] = []
    /// `assistant_settings`: where the proxy sends the assistants API (threads, runs), OpenAI's at `apiBase`
    /// (its base URL, ending in `/v1`); nil (the default) writes none.
    package var assistantsAPIBase: String?
    /// `files_settings`; empty (the default) writes none.
    package var filesProviders: [FilesProvider] = []
    /// `vector_store_registry`; empty (the default) writes none.
    package var vectorStores: [VectorStore] = []
    /// `mcp_servers`; empty (the default) writes none.
    package var mcpServers: [MCPServer] = []
    /// `general_settings.master_key`; `nil` (the default) runs the proxy without one, as the
    /// original reproduction did.
    package var masterKey: String?
    /// Other `general_settings`, such as `cancel_on_disconnect: true`.
    var generalSettings: [String: ConfigValue]
    /// `router_settings`, such as `num_retries: 0`.
    var routerSettings: [String: ConfigValue]
    /// `litellm_settings`, such as `request_timeout: 600`.
    var litellmSettings: [String: ConfigValue]

    /// A config routing `gpt-4o` to the backend at `backendURL`, LiteLLM's defaults otherwise.
    ///
    /// - Parameters:
    ///   - backendURL: The backend's root, such as "http://127.0.0.1:5001"; `/v1` is appended.
    ///   - masterKey: The proxy's master key, or `nil` for none.
    package init(backendURL: String, masterKey: String? = nil) {
        let root = backendURL.hasSuffix("/") ? String(backendURL.dropLast()) : backendURL
        self.init(models: [Model(apiBase: root + "/v1")], masterKey: masterKey)
    }

    /// A config serving `models`, LiteLLM's defaults otherwise.
    package init(models: [Model], masterKey: String? = nil) {
        self.models = models
        self.masterKey = masterKey
        self.generalSettings = [:]
        self.routerSettings = [:]
        self.litellmSettings = [:]
    }
}
