/// Everything one `lab-bench` run measured: `bench/results.json`, and the source of `bench/results.md`.
package struct BenchReport: Codable, Sendable {
    /// When it ran, ISO 8601 UTC.
    package var date: String
    /// The command that produced it.
    package var command: String
    /// The machine it ran on.
    package var machine: MachineInfo
    /// `/proc/loadavg`'s 1, 5 and 15 minute figures when it started: other work on a shared machine
    /// takes cores from what is measured, and latencies show it first.
    var loadAtStart: String
    /// The same when it ended.
    var loadAtEnd = ""
    /// The kernel's connection-tracking table at the start, when it tracks connections: a full one drops
    /// new connections (see ``ConnectionTracking``).
    var connectionTracking: String?
    /// How long the whole benchmark took, seconds.
    var durationSeconds: Double = 0
    /// Backends holding requests.
    package var hold: [HoldResult] = []
    /// Load methods firing requests.
    package var load: [LoadMethodResult] = []
    /// Time to verdict.
    package var verdict: [VerdictTiming] = []
    /// One whole `lab run`, when it was measured.
    var labRun: LabRunTiming?
    /// LiteLLM installed into empty caches by the lab and by pip, and by the lab again with its caches warm.
    package var installs: [InstallTiming] = []
    /// Whole lab commands timed: a matrix, a bisect.
    package var commands: [CommandTiming] = []
    /// The lab against its peers, figure by figure.
    var ratios: [BenchRatio] = []
    /// The targets, met or not.
    package var targets: [BenchTarget] = []
    /// Scenarios that failed, with why: their figures are missing, never guessed.
    package var failures: [String] = []

    /// An empty report for a run starting now.
    package init(date: String, command: String, machine: MachineInfo, loadAtStart: String) {
        self.date = date
        self.command = command
        self.machine = machine
        self.loadAtStart = loadAtStart
    }

    /// Derives ratios and target checks from the figures, once they are all in.
    mutating func conclude(durationSeconds: Double, loadAtEnd: String) {
        self.durationSeconds = durationSeconds
        self.loadAtEnd = loadAtEnd
        ratios = BenchRatio.hold(hold) + BenchRatio.load(load) + BenchRatio.install(installs)
        targets = BenchTarget.check(self)
    }
}
