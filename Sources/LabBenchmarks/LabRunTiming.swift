/// The wall time of one whole `lab run` against the real LiteLLM, split by phase.
package struct LabRunTiming: Codable, Sendable, Equatable {
    /// The LiteLLM release it ran.
    package var litellmVersion: String
    /// Whether its venv was already installed (the lab said `using cached venv`): the case.
    var venvWasCached: Bool
    /// Its last line, `VERDICT: ...`.
    var verdictLine: String?
    /// Its exit status: 1 is the expected LEAK for 1.61.20.
    package var exitStatus: String
    /// From start to exit, seconds.
    var wallSeconds: Double
    /// The phases, adding up to ``wallSeconds``.
    var phases: [LabPhase]
    /// What no run can beat: the proxy's start until healthy, the client timeout, the grace window, and for a
    /// PASS the settle window; nil when the run did not start the proxy.
    var floorSeconds: Double?
}
