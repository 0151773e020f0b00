import Foundation
import LabTestSupport
import LabCore
import Testing

@testable import LabReporting

@Suite struct ReportFilesTests {
    /// Two runs' `report.json`, the second measuring the first's `chat` on 1.61.20 again, with another verdict.
    private func twoRuns() throws -> String {
        let root = TestFiles.path("leak-lab-report-files-\(UUID().uuidString.prefix(8))")
        var first = ReportFixtures.report
        first.generatedAt = 1
        var again = first
        again.generatedAt = 2
        again.cells = [
            ReportFixtures.cell("1.61.20", "chat", .pass, expected: .leak, held: 10, releasedAt: 1)
        ]
        for (folder, report) in [("run-1", first), ("run-2", again)] {
            try FileManager.default.createDirectory(
                atPath: root + "/" + folder, withIntermediateDirectories: true)
            try JSONCoding.write(report, to: root + "/" + folder + "/" + ReportFiles.dataFile)
        }
        return root
    }

    @Test func aCellMeasuredAgainKeepsItsNewestRun() throws {
        let report = try #require(try ReportFiles.collect(under: try twoRuns()))
        let chat = report.cells.filter { $0.scenario == "chat" && $0.version == "1.61.20" }
        #expect(chat.map(\.verdict) == [.pass])
        #expect(report.cells.count == ReportFixtures.report.cells.count)
    }

    @Test func everyRunKeepsEveryMeasurementOfACellForASoak() throws {
        let report = try #require(try ReportFiles.collect(under: try twoRuns(), everyRun: true))
        let chat = report.cells.filter { $0.scenario == "chat" && $0.version == "1.61.20" }
        #expect(chat.map(\.verdict) == [.leak, .pass])
        #expect(MarkdownReport.agreement(report.cells)?.hasSuffix("1.61.20 chat (LEAK ×1, PASS ×1)") == true)
    }
}
