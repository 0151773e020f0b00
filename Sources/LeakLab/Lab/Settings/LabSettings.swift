import LabProcesses
import LabVerdict
import LabWire

/// Everything one `lab run` is configured by, in four parts by what they configure; the defaults reproduce the
/// original report. The options that set each part are in ``LabOption/table``.
public struct LabSettings: Sendable {
    /// The proxy under test: which one, the LiteLLM build and dependencies, its server and config.
    public var proxy = Proxy()
    /// What the clients and the backend do.
    public var load = Load()
    /// How the verdict is decided and what it is expected to be.
    public var judging = Judging()
    /// Where the run happens on this machine: ports, folders, how much at once.
    public var machine = Machine()

    /// The defaults.
    public init() {}

    /// How a collector named `label` decides on the backend at `backend`: this run's rules and sampling.
    func collectorSettings(backend: HTTPURL, label: String, expectation: VerdictExpectation?)
        -> Collector.Settings
    {
        var collector = Collector.Settings(backend: backend)
        collector.label = label
        collector.interval = judging.interval
        collector.rules = judging.rules
        collector.expectation = expectation
        return collector
    }

    /// Fails before anything starts, naming the option, when a port the user chose is in use; ports left to
    /// the lab (0) need no check. The backend's only counts for runs that start it on `backendPort`.
    func ensureChosenPortsFree(includingBackend: Bool) throws(PortCheckError) {
        if includingBackend && machine.backendPort != 0 {
            try PortCheck.ensureFree(host: "127.0.0.1", port: machine.backendPort, option: "--backend-port")
        }
        if machine.proxyPort != 0 {
            try PortCheck.ensureFree(host: "127.0.0.1", port: machine.proxyPort, option: "--proxy-port")
        }
    }
}
