import LabCore
import LabInstalls
import LabProxies
import LabRecords

/// `lab matrix --plan FILE`: the matrix's cells written down instead of measured, each as the `lab run` that
/// measures it, for a CI system that runs each cell as a job of its own (GitHub Actions' `matrix.include`).
/// Builds are resolved first (`latest` becomes a release), so every job measures the same build.
struct MatrixPlan: Encodable {
    /// One job: a build × server × scenario.
    struct Cell: Encodable, Equatable {
        /// Names the job's files and artifact: `1.61.20-gunicorn-w2-chat`.
        let id: String
        /// Names the job for people: `1.61.20-gunicorn-w2 chat`.
        let name: String
        /// The build it measures, as rows name it (`1.61.20`, `1.61.20-src-1a2b3c4d`): what keys a job's cache
        /// of venvs.
        let build: String
        /// The `lab` arguments that measure it.
        let arguments: [String]
    }

    /// GitHub Actions runs at most this many jobs from one matrix.
    static let jobLimit = 256

    /// The cells, under the key a GitHub matrix reads.
    let include: [Cell]

    /// The cells of `builds` × `servers` × `scenarios` with `settings`.
    ///
    /// - Throws: ``UsageError`` when there are more than ``jobLimit``.
    init(settings: LabSettings, builds: [LiteLLMBuild], servers: [ProxyProcess.Server], scenarios: [Scenario])
        throws(UsageError)
    {
        var cells: [Cell] = []
        for build in builds {
            for server in servers {
                for scenario in scenarios {
                    let row = build.name + server.labelSuffix
                    cells.append(
                        Cell(
                            id: "\(row)-\(scenario.name)", name: "\(row) \(scenario.name)", build: build.name,
                            arguments: settings.runArguments(build: build, scenario: scenario, server: server)
                        ))
                }
            }
        }
        guard cells.count <= Self.jobLimit else {
            throw UsageError(
                "the plan has \(cells.count) cells, more than the \(Self.jobLimit) jobs one GitHub matrix runs:"
                    + " split the versions or scenarios over several plans")
        }
        include = cells
    }

    /// Resolves `requests`, plans them and writes the plan to `file` as JSON; returns the exit status (0).
    static func write(
        to file: String, settings: LabSettings, builds requests: [LiteLLMBuildRequest],
        servers: [ProxyProcess.Server], scenarios: [Scenario], output: LineWriter
    ) throws -> Int32 {
        let say: (String) -> Void = { output.write("[plan] \($0)") }
        let builds = try requests.map { try LiteLLMUnderTest.resolve($0, say: say) }
        let plan = try MatrixPlan(settings: settings, builds: builds, servers: servers, scenarios: scenarios)
        try JSONCoding.write(plan, to: file)
        let counts = [(builds.count, "build"), (servers.count, "server"), (scenarios.count, "scenario")]
            .map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }
        say("\(plan.include.count) cells (\(counts.joined(separator: " × "))) in \(file)")
        return 0
    }
}
