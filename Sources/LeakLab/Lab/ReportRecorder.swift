import Foundation
import LabCore
import LabReporting
import LabRecords
import LabVerdict
import Synchronization

/// Gathers what a run or a matrix measured into the `report.json` that `lab report` renders.
///
/// Thread-safe: the cells of one proxy start are measured at once.
final class ReportRecorder: Sendable {
    private struct Recorded {
        var cells: [ReportCell] = []
        var configs: [String: String] = [:]
        var freezes: [String: String] = [:]
        var brokenConstraints: [String: [String]] = [:]
        var routes: [String: String] = [:]
    }

    private let recorded = Mutex(Recorded())

    /// Adds the cell of `report`, for LiteLLM `build` started with `settings` (its server and dependencies
    /// those of the proxy start), in scenario `scenario`.
    func record(
        _ report: VerdictReport, build: LiteLLMBuild, settings: LabSettings, scenario: Scenario,
        folder: String
    ) {
        let cell = ReportCell(
            report: report, build: build, settings: settings.proxy.configSettings,
            dependencies: settings.proxy.dependencies, server: settings.proxy.server.label,
            scenario: scenario.name,
            runArguments: settings.runArguments(
                build: build, scenario: scenario, server: settings.proxy.server),
            folder: folder,
            lock: (try? JSONCoding.read(InstallRecord.self, from: folder + "/install-record.json"))?.lock)
        recorded.withLock { $0.cells.append(cell) }
    }

    /// Keeps the exact config, the `pip freeze` and the broken constraints a proxy start left in `folder`.
    func recordProxy(build: LiteLLMBuild, settings: LabSettings, folder: RunFolder) {
        let label = ReportCell.proxyLabel(
            build: build.name, server: settings.proxy.server.label, settings: settings.proxy.configSettings,
            dependencies: settings.proxy.dependencies)
        let config = try? String(contentsOfFile: folder.file("litellm-config.yaml"), encoding: .utf8)
        let freeze = try? String(contentsOfFile: folder.file("pip-freeze.txt"), encoding: .utf8)
        let broken = (try? JSONCoding.read(InstallRecord.self, from: folder.file("install-record.json")))?
            .brokenConstraints
        let install = ReportCell.installLabel(build: build.name, dependencies: settings.proxy.dependencies)
        recorded.withLock {
            if let config { $0.configs[label] = config }
            if let freeze { $0.freezes[install] = freeze }
            if let broken, !broken.isEmpty { $0.brokenConstraints[install] = broken }
        }
    }

    /// Keeps what the scenarios measure of `build`'s routes (the census' summary line).
    func recordRoutes(of build: String, summary: String) {
        recorded.withLock { $0.routes[build] = summary }
    }

    /// Writes everything recorded as `report.json`, and its cells as `junit.xml`, into `folder`; nothing when no
    /// LiteLLM cell was recorded.
    func write(into folder: RunFolder) throws {
        let recorded = recorded.withLock { $0 }
        guard !recorded.cells.isEmpty else { return }
        var report = LabReport(
            environment: .probe(freezes: recorded.freezes, brokenConstraints: recorded.brokenConstraints),
            configs: recorded.configs, cells: recorded.cells,
            generatedAt: LabClock.unixSeconds())
        report.routes = recorded.routes.isEmpty ? nil : recorded.routes
        try JSONCoding.write(report, to: folder.file(ReportFiles.dataFile))
        try JUnitReport.render(report).write(
            toFile: folder.file("junit.xml"), atomically: true, encoding: .utf8)
    }
}
