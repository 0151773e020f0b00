@testable import LabReporting
import Testing

@Suite struct JUnitReportTests {
    @Test func rendersTheTwoVersionThreeScenarioReportAsItsGoldenFile() throws {
        try Golden.check(JUnitReport.render(ReportFixtures.report), "junit.xml")
    }

    @Test func countsFailuresForMismatchesAndErrorsForInconclusiveCells() throws {
        let junit = try #require(XMLCheck.parse(JUnitReport.render(ReportFixtures.report)))
        let suite = try #require(junit.elements("testsuite").first)
        #expect(suite["name"] == "litellm-leak-lab")
        #expect(suite["tests"] == "6")
        #expect(suite["failures"] == "1")
        #expect(suite["errors"] == "1")
        #expect(junit.elements("testcase").count == 6)
        #expect(junit.elements("failure").count == 1)
        #expect(junit.elements("error").map { $0["type"] } == ["inconclusive"])
    }

    @Test func namesCasesByScenarioAndClassesThemByVersionAndSettings() throws {
        let junit = try #require(XMLCheck.parse(JUnitReport.render(ReportFixtures.report)))
        let cases = junit.elements("testcase")
        #expect(cases.first?["classname"] == "litellm.1.61.20")
        #expect(cases.first?["name"] == "chat")
        #expect(cases.last?["classname"] == "litellm.1.110.2+general_settings.cancel_on_disconnect=true")
    }

    @Test func skipsARouteTheReleaseDoesNotServeEvenWhenAVerdictWasExpected() throws {
        var report = ReportFixtures.report
        report.cells = [
            ReportFixtures.cell(
                ReportFixtures.oldVersion, "responses", .notServed, expected: .leak, held: 0, releasedAt: nil)
        ]
        let junit = try #require(XMLCheck.parse(JUnitReport.render(report)))
        #expect(junit.elements("failure").isEmpty && junit.elements("error").isEmpty)
        #expect(
            junit.elements("skipped").map { $0["message"]?.contains("does not serve the route") } == [true])
        #expect(junit.elements("testsuite").first?["skipped"] == "1")
        #expect(report.cells[0].matched == nil, "nothing to match: no upstream request to hold")
    }

    @Test func passesAnUnassertedLeak() throws {
        var report = ReportFixtures.report
        report.cells = [report.cells[2]]
        let junit = try #require(XMLCheck.parse(JUnitReport.render(report)))
        #expect(junit.elements("failure").isEmpty && junit.elements("error").isEmpty)
    }

    @Test func escapesReasonsAndCommandsAndDropsCharactersXMLForbids() throws {
        var report = ReportFixtures.report
        report.cells = [report.cells[5]]
        report.cells[0].reason = "proxy said <oops> & \"quit\"\u{1}"
        report.cells[0].command = "lab run --setting 'a=<b>' && echo done"
        let junit = try #require(XMLCheck.parse(JUnitReport.render(report)))
        #expect(junit.elements("error").first?["message"] == "proxy said <oops> & \"quit\"\u{FFFD}")
        #expect(
            junit.texts["system-out"]?.first?.hasSuffix("$ lab run --setting 'a=<b>' && echo done") == true)
    }
}
