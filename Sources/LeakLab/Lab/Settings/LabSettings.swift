import LabBackend
import LabInstalls
import LabProcesses
import LabProxies
import LabRecords
import LabVerdict
import LabWire

/// Everything one `lab run` is configured by; defaults reproduce the original report.
public struct LabSettings: Sendable {
    /// Which proxy sits between the load and the backend (default the real LiteLLM).
    public var proxy = ProxyChoice.litellm
    /// A proxy the lab does not start: the load goes here (`--target`), with `externalBackend`.
    public var externalTarget: HTTPURL?
    /// The fake backend that proxy is wired to (`--backend-url`); the lab neither starts nor stops it.
    public var externalBackend: HTTPURL?
    /// Bearer key sent to an external proxy (`--api-key`).
    public var apiKey: String?
    /// The user's own LiteLLM config (`--litellm-config`): kept whole, each model routed to the fake backend.
    public var userConfig: String?
    /// The model of `userConfig` the load asks for (`--model`); its first model the backend can emulate when nil.
    public var userModel: String?
    /// What the clients and the backend do (default `chat`, the original report).
    public var scenario = Scenario.catalogue[0]
    /// The LiteLLM build under test: a release (default 1.61.20, the reported one), a source tree or a wheel.
    public var litellmBuild = LiteLLMBuildRequest.release(LiteLLMVersion.reported)
    /// How LiteLLM's dependencies are chosen: overrides (`--pip`), `--resolve-as-of`, `--constraints`.
    public var dependencies = LiteLLMDependencies()
    /// The server LiteLLM runs under and its workers (`--server`, `--workers`; default uvicorn, 1 worker).
    package var server = ProxyProcess.Server.default
    /// Config keys set on top of the default config, e.g. `general_settings.cancel_on_disconnect=true`.
    public var configSettings: [String] = []
    /// The verdict the run asserts, if any.
    public var expectation: VerdictExpectation?
    /// Concurrent requests per load (default 10).
    public var requests = 10
    /// Client timeout per request (default 1 s).
    public var clientTimeout: Duration = .seconds(1)
    /// How long the backend holds requests (default 3600 s, longer than any run).
    public var hold: Duration = .seconds(3600)
    /// Verdict thresholds.
    package var rules = VerdictRules()
    /// A model server's slots on every fake backend the lab starts (`--slots`, `--queue-limit`); with them,
    /// a slot probe follows each measurement through the proxy. Nil (default): no slots, no probe.
    package var slots: SlotQueue.Limits?
    /// How long the slot probe waits for its answer before it gives up (`--probe-patience`, default 5 s).
    public var probePatience: Duration = .seconds(5)
    /// Time between stats samples.
    public var interval: Duration = .milliseconds(100)
    /// Loopback port of the fake backend (default 5001); 0 binds any free one.
    public var backendPort = 5001
    /// Loopback port of the LiteLLM proxy (default 4000); 0 lets the lab choose a free one, and another when
    /// the proxy finds it taken.
    public var proxyPort = 4000
    /// How long the proxy may take to become healthy (default 90 s).
    public var proxyStartPatience: Duration = .seconds(90)
    /// How many times each case is measured; more than 1 asserts the verdicts agree (`make soak`).
    public var repeats = 1
    /// Where run folders go (default `lab-runs`).
    public var runsRoot = "lab-runs"
    /// How many builds a matrix, bisect or comparison installs ahead at once while it measures an earlier
    /// one (`--prefetch`, default 2: both releases a bisect may measure next); 0 installs each in its turn.
    public var installsAhead = 2
    /// How many builds a matrix or comparison measures at once (`--versions-at-once`, default 1), each
    /// proxy on a port the lab chooses; the measurements through them share the machine's cores.
    public var versionsAtOnce = 1

    /// The defaults.
    public init() {}

    /// How a collector named `label` decides on the backend at `backend`: this run's rules and sampling.
    func collectorSettings(backend: HTTPURL, label: String, expectation: VerdictExpectation?)
        -> Collector.Settings
    {
        var collector = Collector.Settings(backend: backend)
        collector.label = label
        collector.interval = interval
        collector.rules = rules
        collector.expectation = expectation
        return collector
    }

    /// Fails before anything starts, naming the option, when a port the user chose is in use; ports left to
    /// the lab (0) need no check. The backend's only counts for runs that start it on `backendPort`.
    func ensureChosenPortsFree(includingBackend: Bool) throws(PortCheckError) {
        if includingBackend && backendPort != 0 {
            try PortCheck.ensureFree(host: "127.0.0.1", port: backendPort, option: "--backend-port")
        }
        if proxyPort != 0 {
            try PortCheck.ensureFree(host: "127.0.0.1", port: proxyPort, option: "--proxy-port")
        }
    }
}
