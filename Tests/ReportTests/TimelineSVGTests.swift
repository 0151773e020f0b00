@testable import LabReporting
import Testing

@Suite struct TimelineSVGTests {
    @Test func rendersALeakingCellAsItsGoldenFile() throws {
        try Golden.check(TimelineSVG.render(ReportFixtures.report.cells[4]), "timeline-leak.svg")
    }

    @Test func rendersAnEmptyTimelineAsItsGoldenFile() throws {
        var cell = ReportFixtures.report.cells[5]
        cell.timeline = []
        try Golden.check(TimelineSVG.render(cell), "timeline-empty.svg")
    }

    @Test(arguments: ReportFixtures.report.cells.indices)
    func everyCellsChartIsWellFormedXMLWithATitleAndAHangUpLine(index: Int) throws {
        let cell = ReportFixtures.report.cells[index]
        let svg = try #require(XMLCheck.parse(TimelineSVG.render(cell)))
        #expect(svg.elements.first?.name == "svg")
        #expect(
            svg.texts["title"] == ["\(cell.scenario) · \(cell.verdictSummary) · LiteLLM \(cell.proxyLabel)"])
        #expect(svg.elements("line").contains { $0["stroke-dasharray"] != nil })
        #expect(svg.elements("path").count == 1)
        #expect(svg.elements.allSatisfy { !["script", "image", "style"].contains($0.name) })
    }

    @Test func escapesMarkupInItsTitle() throws {
        var cell = ReportFixtures.report.cells[0]
        cell.scenario = "<chat> & \"stream\""
        let svg = try #require(XMLCheck.parse(TimelineSVG.render(cell)))
        #expect(svg.texts["title"]?.first?.hasPrefix("<chat> & \"stream\" · ") == true)
    }

    @Test func placesTheHangUpLineByTime() throws {
        // 1.05 s on an axis from 0 to 4.25 s drawn from x = 44 to 468.
        let svg = try #require(XMLCheck.parse(TimelineSVG.render(ReportFixtures.report.cells[0])))
        let line = try #require(svg.elements("line").first { $0["stroke-dasharray"] != nil })
        #expect(line["x1"] == "148.8")
    }
}
