import Foundation
@testable import LabCore
@testable import LabReporting
@testable import LabRecords
import Testing

/// A release with a patch applied is named by its patch in rows, and exactly (file, SHA-256) in the
/// environment, JUnit and the proof of fix.
@Suite struct PatchedBuildReportTests {
    private static let sha = "5973876673049788676109227eee2254b9e791189a4959ce74fa20c5970b3dc7"

    private static let patched = LiteLLMBuild.release(
        try! LiteLLMVersion("1.110.2"),
        patch: .init(
            path: "/work/findings/patches/images-cancel-on-disconnect.diff", sha256: sha,
            files: ["litellm/proxy/image_endpoints/endpoints.py"]))

    /// `images` on 1.110.2 as released (LEAK) and with the patch (PASS).
    private var report: LabReport {
        var report = ReportFixtures.report
        var release = ReportFixtures.cell(
            "1.110.2", "images", .leak, expected: nil, held: 10, releasedAt: nil)
        release.build = .release(try! LiteLLMVersion("1.110.2"))
        var fixed = ReportFixtures.cell("1.110.2", "images", .pass, expected: nil, held: 0, releasedAt: 0.02)
        fixed.build = Self.patched
        report.cells = [release, fixed]
        return report
    }

    @Test func thePatchedBuildHasARowNamedByItsPatchAndTheEnvironmentGivesItsHash() {
        let markdown = MarkdownReport.render(report) { _ in nil }
        #expect(markdown.contains("| 1.110.2+images-cancel-on-disconnect |"))
        #expect(
            markdown.contains(
                "- build `1.110.2+images-cancel-on-disconnect`: LiteLLM 1.110.2, release from PyPI with patch"
                    + " images-cancel-on-disconnect.diff (sha256 \(Self.sha), 1 file)"))
        #expect(JUnitReport.render(report).contains("name=\"build 1.110.2+images-cancel-on-disconnect\""))
    }

    @Test func theProofOfFixNamesThePatchByFileAndHash() {
        let proof = ProofOfFix(
            report: report, before: "1.110.2", after: "1.110.2+images-cancel-on-disconnect",
            command: "lab compare --before 1.110.2 --after 1.110.2+images-cancel-on-disconnect.diff")
        #expect(proof.rows.map(\.change) == [.improved])
        #expect(
            proof.markdown.contains("| patch | - | images-cancel-on-disconnect.diff (sha256 \(Self.sha)) |"))
    }
}
