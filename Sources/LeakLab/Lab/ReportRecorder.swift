import Foundation
import LabCore
import LabReporting
import LabVerdict

/// Gathers what a run or a matrix measured into the `report.json` that `lab report` renders.
final class ReportRecorder {
    private var cells: [ReportCell] = []
    private var configs: [String: String] = [:]
    private var freezes: [String: String] = [:]

    /// Adds the cell of `report`, for LiteLLM `version` started with `settings`, in scenario `scenario`.
    func record(
        _ report: VerdictReport, version: String, settings: LabSettings, scenario: Scenario, folder: String
    ) {
        cells.append(
            ReportCell(
                report: report, version: version, settings: settings.settings,
                dependencies: settings.dependencies, scenario: scenario.name, folder: folder))
    }

    /// Keeps the exact config and the `pip freeze` a proxy start left in `folder`.
    func recordProxy(version: String, settings: LabSettings, folder: RunFolder) {
        let label = ReportCell.proxyLabel(
            version: version, settings: settings.settings, dependencies: settings.dependencies)
        if let config = try? String(contentsOfFile: folder.file("litellm-config.yaml"), encoding: .utf8) {
            configs[label] = config
        }
        if let freeze = try? String(contentsOfFile: folder.file("pip-freeze.txt"), encoding: .utf8) {
            freezes[ReportCell.installLabel(version: version, dependencies: settings.dependencies)] = freeze
        }
    }

    /// Writes everything recorded as `report.json` into `folder`.
    func write(into folder: RunFolder) throws {
        let report = LabReport(
            environment: .probe(freezes: freezes), configs: configs, cells: cells,
            generatedAt: Clock.unixSeconds())
        try JSONCoding.write(report, to: folder.file(ReportFiles.dataFile))
    }
}
