import LabBackend
import LabCore
import LabLoad
import LabWire

/// A scenario with the fake backend(s) of its own that one run measures it against.
struct ScenarioRig: Sendable {
    let scenario: Scenario
    /// The backends this rig started and stops: none for a backend someone else runs.
    let backends: [BackgroundBackend]
    /// How the started backend was configured (the external one's is its owner's business).
    let configuration: FakeBackend.Configuration
    /// The backend's root URL.
    let url: HTTPURL
    /// The root URL of the second backend a `fallback` scenario's second model is served by.
    let fallbackURL: HTTPURL?
    /// How LiteLLM reaches the backends.
    let route: ScenarioRoute

    /// Starts the scenario's backend on `port` (0 for any free one), logging to `logPath`; a fallback
    /// scenario's second backend takes any free port and logs beside it (`-fallback` before the extension).
    init(_ scenario: Scenario, port: Int, settings: LabSettings, logPath: String) throws {
        self.scenario = scenario
        let configuration = FakeBackend.Configuration(
            port: port, hold: settings.load.hold, behaviour: scenario.backend, slots: settings.load.slots)
        self.configuration = configuration
        let backend = try BackgroundBackend(configuration: configuration) {
            try LineWriter(appendingTo: logPath)
        }
        url = try HTTPURL(parsing: "http://127.0.0.1:\(backend.port)")
        guard scenario.fallback else {
            (backends, fallbackURL) = ([backend], nil)
            route = ScenarioRoute(scenario, url: url, clientTimeout: settings.load.clientTimeout)
            return
        }
        var second = configuration
        second.port = 0
        let secondLog =
            logPath.hasSuffix(".log") ? String(logPath.dropLast(4)) + "-fallback.log" : logPath + "-fallback"
        let fallback = try BackgroundBackend(configuration: second) { try LineWriter(appendingTo: secondLog) }
        backends = [backend, fallback]
        fallbackURL = try HTTPURL(parsing: "http://127.0.0.1:\(fallback.port)")
        route = ScenarioRoute(
            scenario, url: url, fallbackURL: fallbackURL, clientTimeout: settings.load.clientTimeout)
    }

    /// A rig around a fake backend someone else runs at `url` (`--backend-url`): nothing to start or stop.
    init(_ scenario: Scenario, externalBackend url: HTTPURL) {
        self.scenario = scenario
        backends = []
        configuration = FakeBackend.Configuration()
        self.url = url
        fallbackURL = nil
        route = ScenarioRoute(scenario, url: url, clientTimeout: nil)
    }

    /// The backends besides `url` that a proxy may reach for this scenario: sampled and counted with it.
    var otherURLs: [HTTPURL] { fallbackURL.map { [$0] } ?? [] }

    /// Stops every backend of the rig.
    func stop() { backends.forEach { $0.stop() } }

    /// The load straight at the backend: the direct control.
    func directPlan(_ settings: LabSettings) -> LoadPlan {
        scenario.directPlan(backend: url, settings: settings)
    }

    /// The load through a proxy at `proxy`, asking for `model` (the scenario's own by default).
    func proxyPlan(_ proxy: HTTPURL, apiKey: String?, model: String? = nil, settings: LabSettings) -> LoadPlan
    {
        scenario.proxyPlan(proxy: proxy, apiKey: apiKey, model: model, backend: url, settings: settings)
    }
}
