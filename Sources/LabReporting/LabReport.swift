import LabVerdict

/// Everything `lab report` renders: the environment, the exact configs, and one cell per
/// (LiteLLM version, settings, scenario) measured.
public struct LabReport: Codable, Sendable, Equatable {
    /// Where and with what the cells were measured.
    public var environment: LabEnvironment
    /// The exact LiteLLM config of each proxy start, by its ``ReportCell/proxyLabel``
    /// (e.g. `1.61.20 + general_settings.cancel_on_disconnect=true`).
    public var configs: [String: String]
    /// The measured cells, in the order they were run.
    public var cells: [ReportCell]
    /// When the report was made, Unix seconds.
    public var generatedAt: Double

    /// A report of `cells`.
    public init(
        environment: LabEnvironment, configs: [String: String], cells: [ReportCell], generatedAt: Double
    ) {
        self.environment = environment
        self.configs = configs
        self.cells = cells
        self.generatedAt = generatedAt
    }
}

/// One measured combination: a LiteLLM version with settings and pins, one scenario, its verdict.
public struct ReportCell: Codable, Sendable, Equatable {
    /// The LiteLLM release, e.g. `1.61.20`.
    public var version: String
    /// Config settings on top of the defaults, e.g. `general_settings.cancel_on_disconnect=true`.
    public var settings: [String]
    /// Requirements that overrode LiteLLM's own (`--pip`), e.g. `uvicorn==0.32.1` (named `pins` since
    /// reports from before they were overrides).
    public var pins: [String]
    /// The day dependencies were resolved as of (`--resolve-as-of`), if any.
    public var resolveAsOf: String?
    /// The constraints file the install respected (`--constraints`), as given.
    public var constraints: String?
    /// The scenario's name, e.g. `chat` or `chat-stream-mid`.
    public var scenario: String
    /// PASS, LEAK or INCONCLUSIVE.
    public var verdict: VerdictKind
    /// The verdict's one-line reason.
    public var reason: String
    /// The expected verdict, when the cell was asserted.
    public var expected: VerdictExpectation?
    /// One shell command that reproduces this cell.
    public var command: String
    /// What the leak cost, when anything was still held or streamed after the clients left.
    public var cost: LeakCost?
    /// API requests the backend received during the load (the second 10 of `LEAK 10/10 held`), when measured.
    public var seenByBackend: Int?
    /// The backend's held count over time, seconds from the load's start.
    public var timeline: [TimelinePoint]
    /// When the clients hung up, seconds from the load's start.
    public var hangUpAt: Double?
    /// The run folder holding this cell's files, relative to the report.
    public var folder: String

    /// Whether the verdict matched its expectation; nil when none was given.
    public var matched: Bool? {
        expected.map { $0.expectedKind == verdict }
    }

    /// A cell; see the properties for meanings.
    public init(
        version: String, settings: [String], pins: [String], scenario: String, verdict: VerdictKind,
        reason: String,
        expected: VerdictExpectation?, command: String, cost: LeakCost?, timeline: [TimelinePoint],
        hangUpAt: Double?,
        folder: String, seenByBackend: Int? = nil, resolveAsOf: String? = nil, constraints: String? = nil
    ) {
        self.version = version
        self.settings = settings
        self.pins = pins
        self.scenario = scenario
        self.verdict = verdict
        self.reason = reason
        self.expected = expected
        self.command = command
        self.cost = cost
        self.timeline = timeline
        self.hangUpAt = hangUpAt
        self.folder = folder
        self.seenByBackend = seenByBackend
        self.resolveAsOf = resolveAsOf
        self.constraints = constraints
    }
}

/// The backend's held count at one moment.
public struct TimelinePoint: Codable, Sendable, Equatable {
    /// Seconds from the load's start.
    public var at: Double
    /// Upstream requests held (relative to the baseline).
    public var held: Int

    /// A point of the timeline.
    public init(at: Double, held: Int) {
        self.at = at
        self.held = held
    }
}

/// Where the cells were measured: enough for a maintainer to rebuild the environment.
public struct LabEnvironment: Codable, Sendable, Equatable {
    /// e.g. `Debian GNU/Linux 12 (bookworm)`.
    public var os: String
    /// e.g. `6.1.0-18-amd64 x86_64`.
    public var kernel: String
    /// e.g. `Python 3.11.7`.
    public var python: String
    /// The lab's own version.
    public var lab: String
    /// Packages per LiteLLM install as `pip freeze` resolved them: ``ReportCell/installLabel`` (the
    /// version alone when nothing was overridden) → (package → version).
    public var packages: [String: [String: String]]

    /// An environment; see the properties for meanings.
    public init(os: String, kernel: String, python: String, lab: String, packages: [String: [String: String]])
    {
        self.os = os
        self.kernel = kernel
        self.python = python
        self.lab = lab
        self.packages = packages
    }
}
