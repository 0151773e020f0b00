import LabRecords
import LabVerdict

/// Everything `lab report` renders: the environment, the exact configs, and one cell per
/// (LiteLLM version, settings, scenario) measured.
package struct LabReport: Codable, Sendable, Equatable {
    /// Where and with what the cells were measured.
    package var environment: LabEnvironment
    /// The exact LiteLLM config of each proxy start, by its ``ReportCell/proxyLabel``
    /// (e.g. `1.61.20 + general_settings.cancel_on_disconnect=true`).
    package var configs: [String: String]
    /// The measured cells, in the order they were run.
    package var cells: [ReportCell]
    /// When the report was made, Unix seconds.
    package var generatedAt: Double
    /// What the scenarios measure of each build's routes (`lab routes`' last line), by build name; nil in
    /// reports that did not count them (a single run, reports from before the census).
    package var routes: [String: String]?

    /// A report of `cells`.
    package init(
        environment: LabEnvironment, configs: [String: String], cells: [ReportCell], generatedAt: Double
    ) {
        self.environment = environment
        self.configs = configs
        self.cells = cells
        self.generatedAt = generatedAt
    }
}

/// One measured combination: a LiteLLM build with settings and pins, one scenario, its verdict.
package struct ReportCell: Codable, Sendable, Equatable {
    /// The LiteLLM version, e.g. `1.61.20`.
    package var version: String
    /// The build measured: a release, or a source tree or wheel with its digest and git state; nil in
    /// reports from before builds, which measured releases.
    package var build: LiteLLMBuild?
    /// Config settings on top of the defaults, e.g. `general_settings.cancel_on_disconnect=true`.
    package var settings: [String]
    /// The server LiteLLM ran under, as labels name it (`gunicorn-w2`); nil for uvicorn with one worker, the
    /// default (and every report from before servers were chosen).
    package var server: String?
    /// Requirements that overrode LiteLLM's own (`--pip`), e.g. `uvicorn==0.32.1` (named `pins` since
    /// reports from before they were overrides).
    package var pins: [String]
    /// The day dependencies were resolved as of (`--resolve-as-of`), if any.
    package var resolveAsOf: String?
    /// The constraints file the install respected (`--constraints`), as given.
    package var constraints: String?
    /// The lock file asked for (`--lock`), as given.
    package var lockFile: String?
    /// The lock the install came from, with its hash and day
    /// (`locks/litellm-1.61.20.txt (sha256 2b7e42a1b7fd, resolved as of 2026-11-25)`); nil for builds the lab
    /// did not install (images) and reports from before locks.
    package var lock: String?
    /// The scenario's name, e.g. `chat` or `chat-stream-mid`.
    package var scenario: String
    /// PASS, LEAK or INCONCLUSIVE.
    package var verdict: VerdictKind
    /// The verdict's one-line reason.
    package var reason: String
    /// The expected verdict, when the cell was asserted.
    package var expected: VerdictExpectation?
    /// One shell command that reproduces this cell.
    package var command: String
    /// What the leak cost, when anything was still held or streamed after the clients left.
    package var cost: LeakCost?
    /// With slots, what a new user met after the abandoned requests.
    package var slotProbe: SlotProbeResult?
    /// API requests the backend received during the load (the second 10 of `LEAK 10/10 held`), when measured.
    package var seenByBackend: Int?
    /// The backend's held count over time, seconds from the load's start.
    package var timeline: [TimelinePoint]
    /// When the clients hung up, seconds from the load's start.
    package var hangUpAt: Double?
    /// The run folder holding this cell's files, relative to the report.
    package var folder: String

    /// Whether the verdict matched its expectation; nil when none was given or the route is not served.
    package var matched: Bool? {
        verdict == .notServed ? nil : expected.map { $0.expectedKind == verdict }
    }

    /// A cell; see the properties for meanings.
    package init(
        version: String, settings: [String], pins: [String], scenario: String, verdict: VerdictKind,
        reason: String,
        expected: VerdictExpectation?, command: String, cost: LeakCost?, timeline: [TimelinePoint],
        hangUpAt: Double?,
        folder: String, seenByBackend: Int? = nil, resolveAsOf: String? = nil, constraints: String? = nil,
        server: String? = nil
    ) {
        self.version = version
        self.settings = settings
        self.server = server
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

extension LabReport {
    /// Every build the cells name, in run order, each once (cells from before builds name none).
    package var builds: [LiteLLMBuild] {
        var seen: Set<LiteLLMBuild> = []
        return cells.compactMap(\.build).filter { seen.insert($0).inserted }
    }
}

/// The backend's held count at one moment.
package struct TimelinePoint: Codable, Sendable, Equatable {
    /// Seconds from the load's start.
    package var at: Double
    /// Upstream requests held (relative to the baseline).
    package var held: Int

    /// A point of the timeline.
    package init(at: Double, held: Int) {
        self.at = at
        self.held = held
    }
}

/// Where the cells were measured: enough for a maintainer to rebuild the environment.
package struct LabEnvironment: Codable, Sendable, Equatable {
    /// e.g. `Debian GNU/Linux 12 (bookworm)`.
    package var os: String
    /// e.g. `6.1.0-18-amd64 x86_64`.
    package var kernel: String
    /// e.g. `Python 3.11.7`.
    package var python: String
    /// The lab's own version.
    package var lab: String
    /// Packages per LiteLLM install as `pip freeze` resolved them: ``ReportCell/installLabel`` (the
    /// version alone when nothing was overridden) → (package → version).
    package var packages: [String: [String: String]]
    /// Per install (the keys of ``packages``), the declared constraints the installed set breaks because of
    /// overrides, e.g. `litellm 1.61.20 requires uvicorn<0.30.0,>=0.29.0 (extra proxy); installed 0.32.1`;
    /// nil in reports from before it was recorded.
    package var brokenConstraints: [String: [String]]?

    /// An environment; see the properties for meanings.
    package init(
        os: String, kernel: String, python: String, lab: String, packages: [String: [String: String]],
        brokenConstraints: [String: [String]]? = nil
    ) {
        self.os = os
        self.kernel = kernel
        self.python = python
        self.lab = lab
        self.packages = packages
        self.brokenConstraints = brokenConstraints
    }
}
