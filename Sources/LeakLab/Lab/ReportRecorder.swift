import Foundation
import LabCore
import LabReporting
import LabRecords
import LabVerdict
import Synchronization

/// Gathers what a run or a matrix measured into the `report.json` that `lab report` renders.
///
/// Thread-safe: the cells of one proxy start are measured at once, and several proxy starts may be too. The
/// report lists the cells in the order the plans named their proxy starts, whichever finished first.
final class ReportRecorder: Sendable {
    private struct Recorded {
        /// Each cell with the proxy start that measured it.
        var cells: [(start: String?, cell: ReportCell)] = []
        /// The proxy starts in the order their plans named them.
        var starts: [String] = []

        /// The cells by their proxy start's place in the plans (a stable sort: a start's cells keep their
        /// scenarios' order).
        var cellsInPlanOrder: [ReportCell] {
            let place = { (start: String?) in start.flatMap { starts.firstIndex(of: $0) } ?? starts.count }
            return cells.enumerated()
                .sorted { (place($0.element.start), $0.offset) < (place($1.element.start), $1.offset) }
                .map(\.element.cell)
        }
        var configs: [String: String] = [:]
        var freezes: [String: String] = [:]
        var brokenConstraints: [String: [String]] = [:]
        var routes: [String: String] = [:]
    }

    private let recorded = Mutex(Recorded())

    /// Names the proxy starts a plan measures, in its order: their cells are listed in this order.
    func plan(starts: [String]) {
        recorded.withLock { $0.starts += starts }
    }

    /// Adds the cell of `report`, for LiteLLM `build` started with `settings` (its server and dependencies
    /// those of the proxy start), in scenario `scenario`, measured by proxy start `start` (one that
    /// ``plan(starts:)`` named, or none: listed after those).
    func record(
        _ report: VerdictReport, build: LiteLLMBuild, settings: LabSettings, scenario: Scenario,
        folder: String, start: String? = nil
    ) {
        let cell = ReportCell(
            report: report, build: build, settings: settings.proxy.configSettings,
            dependencies: settings.proxy.dependencies, server: settings.proxy.server.label,
            scenario: scenario.name,
            runArguments: settings.runArguments(
                build: build, scenario: scenario, server: settings.proxy.server),
            folder: folder,
            lock: (try? JSONCoding.read(InstallRecord.self, from: folder + "/install-record.json"))?.lock)
        recorded.withLock { $0.cells.append((start, cell)) }
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
            configs: recorded.configs, cells: recorded.cellsInPlanOrder,
            generatedAt: LabClock.unixSeconds())
        report.routes = recorded.routes.isEmpty ? nil : recorded.routes
        try JSONCoding.write(report, to: folder.file(ReportFiles.dataFile))
        try JUnitReport.render(report).write(
            toFile: folder.file("junit.xml"), atomically: true, encoding: .utf8)
    }
}
