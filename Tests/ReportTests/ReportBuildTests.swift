import Foundation
@testable import LabCore
@testable import LabReporting
@testable import LabRecords
import Testing

@Suite struct ReportBuildTests {
    /// A dirty checkout of 1.61.20, as `install-record.json` and `report.json` hold it.
    private static let checkout: LiteLLMBuild = {
        let json = """
            {"kind": "source", "version": "1.61.20", "path": "/src/litellm",
             "content_hash": "92a0346e87026bc9616097d515d974432dd803e476e0c659b4e854b40763229a",
             "git_commit": "0123456789abcdef0123456789abcdef01234567", "git_dirty": true}
            """
        return try! JSONCoding.decode(LiteLLMBuild.self, from: Data(json.utf8))
    }()

    /// The fixture's 1.61.20 cells, measured once on the release and once on the checkout.
    private var report: LabReport {
        var report = ReportFixtures.report
        let release = ReportFixtures.cell(
            "1.61.20", "chat", .leak, expected: .leak, held: 10, releasedAt: nil)
        var source = release
        source.build = Self.checkout
        report.cells = [release, source]
        return report
    }

    @Test func aSourceBuildHasARowOfItsOwnNamedByItsDigest() {
        let markdown = MarkdownReport.render(report) { _ in nil }
        #expect(markdown.contains("| 1.61.20 | ✅ LEAK 10/10 held |"))
        #expect(markdown.contains("| 1.61.20-src-92a0346e | ✅ LEAK 10/10 held |"))
    }

    @Test func theEnvironmentNamesTheBuildExactly() {
        let markdown = MarkdownReport.render(report) { _ in nil }
        #expect(
            markdown.contains(
                "- build `1.61.20-src-92a0346e`: LiteLLM 1.61.20, source tree /src/litellm"
                    + " (git 0123456789abcdef0123456789abcdef01234567, dirty), content sha256"
                    + " 92a0346e87026bc9616097d515d974432dd803e476e0c659b4e854b40763229a"))
    }

    @Test func junitClassesTheCellByItsBuildAndListsTheBuild() {
        let xml = JUnitReport.render(report)
        #expect(xml.contains("classname=\"litellm.1.61.20-src-92a0346e\""))
        #expect(
            xml.contains("<property name=\"build 1.61.20-src-92a0346e\" value=\"LiteLLM 1.61.20, source tree")
        )
    }
}
