/// Everything one `lab-bench` run measured: `bench/results.json`, and the source of `bench/results.md`.
public struct BenchReport: Codable, Sendable {
    /// When it ran, ISO 8601 UTC.
    public var date: String
    /// The command that produced it.
    public var command: String
    /// The machine it ran on.
    public var machine: MachineInfo
    /// `/proc/loadavg`'s 1, 5 and 15 minute figures when it started: other work on a shared machine
    /// takes cores from what is measured, and latencies show it first.
    public var loadAtStart: String
    /// The same when it ended.
    public var loadAtEnd = ""
    /// The kernel's connection-tracking table at the start, when it tracks connections: a full one drops
    /// new connections (see ``ConnectionTracking``).
    public var connectionTracking: String?
    /// How long the whole benchmark took, seconds.
    public var durationSeconds: Double = 0
    /// Backends holding requests.
    public var hold: [HoldResult] = []
    /// Load methods firing requests.
    public var load: [LoadMethodResult] = []
    /// Time to verdict.
    public var verdict: [VerdictTiming] = []
    /// One whole `lab run`, when it was measured.
    public var labRun: LabRunTiming?
    /// The lab against its peers, figure by figure.
    public var ratios: [BenchRatio] = []
    /// The targets, met or not.
    public var targets: [BenchTarget] = []
    /// Scenarios that failed, with why: their figures are missing, never guessed.
    public var failures: [String] = []

    /// An empty report for a run starting now.
    public init(date: String, command: String, machine: MachineInfo, loadAtStart: String) {
        self.date = date
        self.command = command
        self.machine = machine
        self.loadAtStart = loadAtStart
    }

    /// Derives ratios and target checks from the figures, once they are all in.
    mutating func conclude(durationSeconds: Double, loadAtEnd: String) {
        self.durationSeconds = durationSeconds
        self.loadAtEnd = loadAtEnd
        ratios = BenchRatio.hold(hold) + BenchRatio.load(load)
        targets = BenchTarget.check(self)
    }
}
