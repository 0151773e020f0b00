import Foundation
import LabCore
import LabInstalls
import LabRecords

/// `lab routes`: the census of one build's routes, read from the installed proxy's own application, so that
/// "my route passes" can be told from "my route is not measured".
public enum LabRoutes {
    /// Reads `--litellm-version V` (or a tree or a wheel; default the reported release) and the dependency
    /// options, installs the build when needed, prints the census; returns the exit status.
    public static func run(_ options: inout CommandOptions, output: LineWriter) throws -> Int32 {
        let request = try LabSettings.readBuild(&options) ?? LabSettings.Proxy().build
        if case .image(let reference) = request {
            throw UsageError(
                "routes reads a build the lab installs; --litellm-image \(reference) is run as it is")
        }
        let dependencies = try LiteLLMDependencies.read(&options)
        let all = options.flag("--all")
        try options.finish()
        let say: (String) -> Void = { output.write("[routes] \($0)") }
        let installer = LiteLLMInstaller()
        let build = try LiteLLMUnderTest.resolve(request, installer: installer, say: say)
        let log = FileManager.default.temporaryDirectory.path + "/leak-lab-routes-\(getpid()).log"
        defer { try? FileManager.default.removeItem(atPath: log) }
        let venv = try installer.ensure(build: build, dependencies: dependencies, log: log, progress: say)
        let census = RouteCensus(routes: try ProxyRoute.census(venv: venv.root, log: log))
        output.write("LiteLLM \(build.name): \(census.rows.count) routes")
        for row in all ? census.rows : census.upstream { output.write(line(row)) }
        output.write(census.summary)
        return 0
    }

    private static func line(_ row: RouteCensus.Row) -> String {
        let status: String
        switch row.status {
        case .measured(let scenarios): status = "measured: \(scenarios.joined(separator: ", "))"
        case .measuredThrough(let path): status = "measured through \(path) (same handler)"
        case .notMeasured(let reason): status = "not measured: \(reason)"
        case .noUpstream: status = "sends nothing upstream"
        }
        return "  "
            + row.route.name.padding(toLength: max(52, row.route.name.count + 1), withPad: " ", startingAt: 0)
            + status
    }
}
