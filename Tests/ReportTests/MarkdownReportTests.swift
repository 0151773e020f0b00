@testable import LabReporting
import Testing

@Suite struct MarkdownReportTests {
    @Test func rendersTheTwoVersionThreeScenarioReportAsItsGoldenFile() throws {
        try Golden.check(MarkdownReport.render(ReportFixtures.report) { $0.chartFileName }, "report.md")
    }

    @Test func saysWhatTheScenariosMeasureOfEachBuildsRoutesWhenCounted() {
        var report = ReportFixtures.report
        #expect(!MarkdownReport.render(report) { _ in nil }.contains("Routes the scenarios measure"))
        report.routes = [
            "1.110.2": "upstream routes measured: 29 of 263", "1.61.20": "upstream routes measured: 24 of 90",
        ]
        let markdown = MarkdownReport.render(report) { _ in nil }
        #expect(
            markdown.contains(
                "- `1.110.2`: upstream routes measured: 29 of 263\n- `1.61.20`: upstream routes measured: 24 of 90\n"
            ))
    }

    @Test func tableCellsEscapePipesSoTheyCannotSplitAColumn() {
        var report = ReportFixtures.report
        report.cells = [
            ReportFixtures.cell("1.61.20", "a|b", .pass, expected: nil, held: 1, releasedAt: 1.25)
        ]
        let markdown = MarkdownReport.render(report) { _ in nil }
        #expect(markdown.contains("| LiteLLM | a\\|b |\n"))
    }

    @Test func marksOnlyCellsThatWereAsserted() {
        let markdown = MarkdownReport.render(ReportFixtures.report) { _ in nil }
        #expect(markdown.contains("| 1.61.20 | ✅ LEAK 10/10 held | ✅ LEAK 10/10 held | LEAK 10/10 held |"))
        #expect(markdown.contains("❌ LEAK 10/10 held"))
    }

    @Test func saysWhichDeclaredConstraintsAnInstallsOverridesBreak() {
        var report = ReportFixtures.report
        let install = report.environment.packages.keys.sorted()[0]
        let broken = "litellm 1.61.20 requires uvicorn<0.30.0,>=0.29.0 (extra proxy); installed 0.32.1"
        report.environment.brokenConstraints = [install: [broken]]
        let markdown = MarkdownReport.render(report) { _ in nil }
        #expect(markdown.contains("Declared constraints that `\(install)` breaks"))
        #expect(markdown.contains("- `\(broken)`"))
        #expect(!MarkdownReport.render(ReportFixtures.report) { _ in nil }.contains("Declared constraints"))
    }

    @Test func leavesOutChartLinksWhenThereAreNoCharts() {
        #expect(!MarkdownReport.render(ReportFixtures.report) { _ in nil }.contains("[chart]"))
    }

    @Test func listsConfigsInRowOrderThenAnyOthersSorted() {
        var report = ReportFixtures.report
        report.configs["zeta"] = "z: 1"
        report.configs["alpha"] = "a: 1"
        let markdown = MarkdownReport.render(report) { _ in nil }
        let summaries = markdown.split(separator: "\n").filter { $0.hasPrefix("<details>") }
        #expect(
            summaries == [
                "<details><summary>1.61.20</summary>",
                "<details><summary>1.110.2 + general_settings.cancel_on_disconnect=true</summary>",
                "<details><summary>alpha</summary>", "<details><summary>zeta</summary>",
            ])
    }

    @Test func showsEveryVerdictOfACellRunTwice() {
        var report = ReportFixtures.report
        report.cells.append(
            ReportFixtures.cell("1.61.20", "chat", .pass, expected: .leak, held: 10, releasedAt: 1.25))
        #expect(
            MarkdownReport.render(report) { _ in nil }.contains("| 1.61.20 | ✅ LEAK 10/10 held; ❌ PASS |"))
    }

    @Test func countsTheVerdictsOfACellRunManyTimesInTheOrderFirstSeen() {
        var report = ReportFixtures.report
        var repeated = report
        for _ in 0..<4 { repeated.cells.append(report.cells[0]) }
        #expect(MarkdownReport.render(repeated) { _ in nil }.contains("| 1.61.20 | ✅ LEAK 10/10 held ×5 |"))
        report.cells += [
            ReportFixtures.cell("1.61.20", "chat", .pass, expected: .leak, held: 10, releasedAt: 1.25),
            report.cells[0],
        ]
        #expect(
            MarkdownReport.render(report) { _ in nil }.contains(
                "| 1.61.20 | ✅ LEAK 10/10 held ×2; ❌ PASS ×1 |"))
    }

    @Test func saysWhetherTheCellsMeasuredMoreThanOnceAgree() {
        let report = ReportFixtures.report
        #expect(MarkdownReport.agreement(report.cells) == nil)
        let agreeing = report.cells + [report.cells[0], report.cells[0]]
        #expect(MarkdownReport.agreement(agreeing) == "cells measured more than once: 1, all agree")
        let flaky =
            agreeing + [
                ReportFixtures.cell("1.61.20", "chat", .pass, expected: .leak, held: 10, releasedAt: 1)
            ]
        #expect(
            MarkdownReport.agreement(flaky)
                == "cells measured more than once: 1 of 1 disagree: 1.61.20 chat (LEAK ×3, PASS ×1)")
        var flakyReport = report
        flakyReport.cells = flaky
        #expect(
            MarkdownReport.render(flakyReport) { _ in nil }.contains(
                "Cells measured more than once: 1 of 1 disagree: 1.61.20 chat (LEAK ×3, PASS ×1). "))
    }

    @Test func fencesCommandsThatContainBackticks() {
        var report = ReportFixtures.report
        report.cells[0].command = "echo ```"
        #expect(MarkdownReport.render(report) { _ in nil }.contains("````sh\necho ```\n````\n"))
    }

    @Test func escapesMarkupInReasonsButLeavesUnderscoresInsideWords() {
        var report = ReportFixtures.report
        report.cells[0].reason = "proxy said <b>*no*</b> [x](y) on x86_64, _really_"
        #expect(
            MarkdownReport.render(report) { _ in nil }
                .contains(
                    "**LEAK 10/10 held**: proxy said \\<b>\\*no\\*\\</b> \\[x](y) on x86_64, \\_really\\_\n"))
    }
}
