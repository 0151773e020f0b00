/// The wall time of one whole `lab run` against the real LiteLLM, split by phase.
public struct LabRunTiming: Codable, Sendable, Equatable {
    /// The LiteLLM release it ran.
    public var litellmVersion: String
    /// Whether its venv was already installed (the lab said `using cached venv`): the case.
    public var venvWasCached: Bool
    /// Its last line, `VERDICT: ...`.
    public var verdictLine: String?
    /// Its exit status: 1 is the expected LEAK for 1.61.20.
    public var exitStatus: String
    /// From start to exit, seconds.
    public var wallSeconds: Double
    /// The phases, adding up to ``wallSeconds``.
    public var phases: [LabPhase]
}
