import LabBackend
import LabLoad

extension LabSettings {
    /// What the clients and the backend do: the scenario, how many clients, when they leave, the backend's slots.
    public struct Load: Sendable {
        /// What the clients and the backend do (default `chat`, the original report).
        public var scenario = Scenario.catalogue[0]
        /// Concurrent requests per load (default 10).
        public var requests = 10
        /// Client timeout per request (default 1 s).
        public var clientTimeout: Duration = .seconds(1)
        /// When the client timeout starts (`--timeout-from`), for scenarios whose requests carry an arrival
        /// token; nil (default): each scenario's own.
        public var timeoutFrom: TimeoutStart?
        /// How long the backend holds requests (default 3600 s, longer than any run).
        public var hold: Duration = .seconds(3600)
        /// A model server's slots on every fake backend the lab starts (`--slots`, `--queue-limit`); with them,
        /// a slot probe follows each measurement through the proxy. Nil (default): no slots, no probe.
        package var slots: SlotQueue.Limits?
        /// How long the slot probe waits for its answer before it gives up (`--probe-patience`, default 5 s).
        public var probePatience: Duration = .seconds(5)

        /// The defaults.
        public init() {}
    }
}
