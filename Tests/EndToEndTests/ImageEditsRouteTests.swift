import Foundation
import Testing

@testable import LabReporting
@testable import LabVerdict

/// Image editing and image generation on one proxy start with `cancel_on_disconnect`: the edit's handler goes
/// through `base_process_llm_request`, where the setting watches the client, and generation's has a handler of
/// its own that it does not reach (measured 2026-12-07).
@Suite(.serialized, .enabled(if: endToEndEnabled, "set LAB_E2E=1 (make test does)"))
struct ImageEditsRouteTests {
    @Test func imageEditsAreReleasedWithCancelOnDisconnectWhereImageGenerationLeaks() throws {
        let runs = try temporaryFolder("image-edits")
        let (status, output) = try runProduct(
            "lab",
            [
                "matrix", "--versions", "1.110.2", "--scenarios", "images,images-edits", "--setting",
                "general_settings.cancel_on_disconnect=true", "--backend-port", "0", "--proxy-port", "0",
                "--runs-dir", "lab-runs",
            ], in: runs)
        #expect(status == 0, "\(output)")
        let report = try #require(try ReportFiles.collect(under: runs + "/lab-runs"))
        let verdicts = Dictionary(uniqueKeysWithValues: report.cells.map { ($0.scenario, $0.verdict) })
        #expect(verdicts == ["images": .leak, "images-edits": .pass], "\(report.cells.map(\.reason))")
    }
}
