/// A scenario with the fake backend of its own that one run measures it against.
struct ScenarioRig: Sendable {
    let scenario: Scenario
    let backend: BackgroundBackend
    /// How that backend was configured.
    let configuration: FakeBackend.Configuration
    /// The backend's root URL.
    let url: HTTPURL

    /// Starts the scenario's backend on `port` (0 for any free one), logging to `logPath`.
    init(_ scenario: Scenario, port: Int, settings: LabSettings, logPath: String) throws {
        self.scenario = scenario
        let configuration = FakeBackend.Configuration(
            port: port, hold: settings.hold, behaviour: scenario.backend)
        self.configuration = configuration
        backend = try BackgroundBackend(configuration: configuration) { try LineWriter(appendingTo: logPath) }
        url = try HTTPURL(parsing: "http://127.0.0.1:\(backend.port)")
    }

    /// The load straight at the backend: the direct control.
    func directPlan(_ settings: LabSettings) -> LoadPlan {
        plan(
            target: url, model: scenario.name == "chat" ? nil : scenario.directModel, apiKey: nil,
            settings: settings)
    }

    /// The load through a proxy at `proxy`.
    func proxyPlan(_ proxy: HTTPURL, apiKey: String?, settings: LabSettings) -> LoadPlan {
        plan(target: proxy, model: scenario.modelName, apiKey: apiKey, settings: settings)
    }

    /// How LiteLLM reaches this scenario's backend.
    var litellmModel: LiteLLMConfig.Model {
        // LiteLLM appends /v1/messages to an Anthropic base, but only the path to an OpenAI base that ends in /v1.
        let root = "http://\(url.hostHeader)"
        let apiBase = scenario.endpoint == .messages ? root : root + "/v1"
        return LiteLLMConfig.Model(
            name: scenario.modelName, upstream: scenario.upstreamModel, apiBase: apiBase)
    }

    private func plan(target root: HTTPURL, model: String?, apiKey: String?, settings: LabSettings)
        -> LoadPlan
    {
        LoadPlan(
            target: root.appending(path: scenario.endpoint.path), requests: settings.requests,
            timeout: settings.clientTimeout, apiKey: apiKey, endpoint: scenario.endpoint,
            stream: scenario.stream,
            model: model, behaviour: scenario.client)
    }
}
