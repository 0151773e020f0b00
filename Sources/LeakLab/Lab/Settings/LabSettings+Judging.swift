import LabVerdict

extension LabSettings {
    /// How the verdict is decided: thresholds, sampling, repeats, and the verdict the run asserts.
    public struct Judging: Sendable {
        /// Verdict thresholds (`--grace`, `--settle`, `--observe`).
        package var rules = VerdictRules()
        /// Time between stats samples.
        public var interval: Duration = .milliseconds(100)
        /// The verdict the run asserts, if any.
        public var expectation: VerdictExpectation?
        /// How many times each case is measured; more than 1 asserts the verdicts agree (`make soak`).
        public var repeats = 1

        /// The defaults.
        public init() {}
    }
}
