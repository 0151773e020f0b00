import Foundation
import LabCore
import LabReporting
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
    }

    private let recorded = Mutex(Recorded())

    /// Adds the cell of `report`, for LiteLLM `version` started with `settings`, in scenario `scenario`.
    func record(
        _ report: VerdictReport, version: String, settings: LabSettings, scenario: Scenario, folder: String
    ) {
        let cell = ReportCell(
            report: report, version: version, settings: settings.configSettings,
            dependencies: settings.dependencies, scenario: scenario.name, folder: folder)
        recorded.withLock { $0.cells.append(cell) }
    }

    /// Keeps the exact config and the `pip freeze` a proxy start left in `folder`.
    func recordProxy(version: String, settings: LabSettings, folder: RunFolder) {
        let label = ReportCell.proxyLabel(
            version: version, settings: settings.configSettings, dependencies: settings.dependencies)
        let config = try? String(contentsOfFile: folder.file("litellm-config.yaml"), encoding: .utf8)
        let freeze = try? String(contentsOfFile: folder.file("pip-freeze.txt"), encoding: .utf8)
        recorded.withLock {
            if let config { $0.configs[label] = config }
            if let freeze {
                $0.freezes[ReportCell.installLabel(version: version, dependencies: settings.dependencies)] =
                    freeze
            }
        }
    }

    /// Writes everything recorded as `report.json` into `folder`; nothing when no LiteLLM cell was recorded.
    func write(into folder: RunFolder) throws {
        let (cells, configs, freezes) = recorded.withLock { ($0.cells, $0.configs, $0.freezes) }
        guard !cells.isEmpty else { return }
        let report = LabReport(
            environment: .probe(freezes: freezes), configs: configs, cells: cells,
            generatedAt: LabClock.unixSeconds())
        try JSONCoding.write(report, to: folder.file(ReportFiles.dataFile))
    }
}
