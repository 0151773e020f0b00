import Foundation
import LabCore

/// Where reports live on disk: each run and matrix leaves a `report.json`; `lab report` merges them all
/// and writes the Markdown, JSON, JUnit and SVG files a maintainer reads.
package enum ReportFiles {
    /// The name of the machine-readable report every run and matrix writes into its folder.
    package static let dataFile = "report.json"

    /// Merges every `report.json` under `root`; a cell measured again (same version, settings,
    /// dependencies and scenario) keeps its newest measurement, or, with `everyRun`, every one (a soak's view).
    package static func collect(under root: String, everyRun: Bool = false) throws -> LabReport? {
        let files = (FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? [])
            .filter { ($0 as NSString).lastPathComponent == dataFile && !$0.hasPrefix("report/") }
            .sorted()
        let reports = try files.map { try JSONCoding.read(LabReport.self, from: root + "/" + $0) }
            .sorted { $0.generatedAt < $1.generatedAt }
        guard var merged = reports.first else { return nil }
        for report in reports.dropFirst() {
            for cell in report.cells {
                if !everyRun { merged.cells.removeAll { $0.sameCase(as: cell) } }
                merged.cells.append(cell)
            }
            merged.configs.merge(report.configs) { $1 }
            if let routes = report.routes { merged.routes = (merged.routes ?? [:]).merging(routes) { $1 } }
            // The newest report's machine, with every version's packages kept.
            var environment = report.environment
            environment.packages = merged.environment.packages.merging(report.environment.packages) { $1 }
            environment.brokenConstraints = (merged.environment.brokenConstraints ?? [:]).merging(
                report.environment.brokenConstraints ?? [:]
            ) { $1 }
            merged.environment = environment
        }
        merged.generatedAt = LabClock.unixSeconds()
        return merged
    }

    /// Writes `report.md`, `report.json`, `junit.xml` and one SVG timeline per cell into `folder`.
    ///
    /// - Returns: the Markdown file's path.
    @discardableResult
    package static func write(_ report: LabReport, to folder: String) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for cell in report.cells {
            try TimelineSVG.render(cell).write(
                toFile: folder + "/" + cell.chartFileName, atomically: true, encoding: .utf8)
        }
        let markdown = folder + "/report.md"
        try MarkdownReport.render(report) { $0.chartFileName }.write(
            toFile: markdown, atomically: true, encoding: .utf8)
        try JUnitReport.render(report).write(toFile: folder + "/junit.xml", atomically: true, encoding: .utf8)
        try JSONCoding.write(report, to: folder + "/" + dataFile)
        return markdown
    }
}

extension ReportCell {
    /// Whether `other` measured the same thing: build, server, settings, dependencies and scenario.
    func sameCase(as other: ReportCell) -> Bool {
        buildName == other.buildName && server == other.server && settings == other.settings
            && dependencies == other.dependencies && scenario == other.scenario
    }
}
