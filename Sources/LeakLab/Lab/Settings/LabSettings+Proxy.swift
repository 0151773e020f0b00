import LabInstalls
import LabProxies
import LabRecords
import LabWire

extension LabSettings {
    /// The proxy under test: which one, and for LiteLLM its build, dependencies, server and config.
    public struct Proxy: Sendable {
        /// Which proxy sits between the load and the backend (default the real LiteLLM).
        public var choice = ProxyChoice.litellm
        /// A proxy the lab does not start: the load goes here (`--target`), with `externalBackend`.
        public var externalTarget: HTTPURL?
        /// The fake backend that proxy is wired to (`--backend-url`); the lab neither starts nor stops it.
        public var externalBackend: HTTPURL?
        /// Bearer key sent to an external proxy (`--api-key`).
        public var apiKey: String?
        /// The LiteLLM build under test: a release (default 1.61.20, the reported one), a source tree or a wheel.
        public var build = LiteLLMBuildRequest.release(LiteLLMVersion.reported)
        /// How LiteLLM's dependencies are chosen: overrides (`--pip`), `--resolve-as-of`, `--constraints`.
        public var dependencies = LiteLLMDependencies()
        /// The server LiteLLM runs under and its workers (`--server`, `--workers`; default uvicorn, 1 worker).
        package var server = ProxyProcess.Server.default
        /// Config keys set on top of the default config, e.g. `general_settings.cancel_on_disconnect=true`.
        public var configSettings: [String] = []
        /// Variables set in LiteLLM's environment (`--proxy-env K=V`), e.g. `DISABLE_AIOHTTP_TRANSPORT=True`.
        public var environment: [String] = []

        /// `environment` as reports show it: a value whose name says it is secret is masked.
        var environmentShown: [String] {
            environment.map { variable in
                let name = variable.prefix { $0 != "=" }
                let secret = ["KEY", "TOKEN", "SECRET", "PASSWORD", "CREDENTIAL"].contains {
                    name.uppercased().contains($0)
                }
                return "env " + (secret ? name + "=lab-masked" : variable)
            }
        }
        /// The user's own LiteLLM config (`--litellm-config`): kept whole, each model routed to the fake backend.
        public var userConfig: String?
        /// The model of `userConfig` the load asks for (`--model`); its first model the backend can emulate when nil.
        public var userModel: String?
        /// How long the proxy may take to become healthy (default 90 s).
        public var startPatience: Duration = .seconds(90)

        /// The defaults.
        public init() {}
    }
}
