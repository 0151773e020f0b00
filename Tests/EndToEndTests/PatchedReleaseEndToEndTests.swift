import Foundation
@testable import LabCore
@testable import LabReporting
import Testing

@testable import LabInstalls
@testable import LabRecords

/// A release plus a patch, measured against the real LiteLLM 1.110.2: the committed patch that makes
/// `/v1/images/generations` honour `cancel_on_disconnect` turns the `images` leak into a PASS, and a patch
/// that does not apply stops the run before anything is measured.
@Suite(.serialized, .enabled(if: endToEndEnabled, "set LAB_E2E=1 (make test does)"))
struct PatchedReleaseEndToEndTests {
    /// `findings/patches/images-cancel-on-disconnect.diff` of this checkout.
    private static let imagesPatch = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("findings/patches/images-cancel-on-disconnect.diff").path

    @Test func thePatchThatMakesImagesCancelOnDisconnectIsAProofOfFixOn1_110_2() throws {
        let runs = try temporaryFolder("patch-compare")
        let (status, output) = try runProduct(
            "lab",
            [
                "compare", "--before", "1.110.2", "--after", "1.110.2+" + Self.imagesPatch, "--scenarios",
                "images",
                "--setting", "general_settings.cancel_on_disconnect=true", "--backend-port", "0",
                "--proxy-port",
                "0", "--runs-dir", "lab-runs",
            ], in: runs)
        #expect(status == 0, "\(output)")
        #expect(lastLine(of: output) == "COMPARE: 1 of 1 scenarios improved (LEAK → PASS), none worse")

        let report = try #require(try ReportFiles.collect(under: runs + "/lab-runs"))
        let patched = try #require(report.cells.first { $0.build?.patch != nil })
        let patch = try #require(patched.build?.patch)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.imagesPatch))
        #expect(patch.sha256 == SHA256.hex(Array(bytes)))
        #expect(patch.files == ["litellm/proxy/image_endpoints/endpoints.py"])
        #expect(patched.buildName == "1.110.2+images-cancel-on-disconnect")
        #expect(patched.verdict == .pass, "\(patched.reason)")
        #expect(report.cells.first { $0.build?.patch == nil }?.verdict == .leak)
        #expect(patched.command.contains("--patch \(Self.imagesPatch)"))

        let proof = try String(contentsOfFile: runs + "/lab-runs/latest/proof-of-fix.md", encoding: .utf8)
        #expect(proof.contains("| images | LEAK 10/10 held | PASS | improved |"), "\(proof)")
        #expect(proof.contains("| patch | - | images-cancel-on-disconnect.diff (sha256 \(patch.sha256)) |"))
    }

    @Test func aPatchThatDoesNotApplyEndsTheRunWith65AndLeavesNoVenv() throws {
        let runs = try temporaryFolder("patch-refused")
        // The committed patch with one context line the release does not have.
        let text = try String(contentsOfFile: Self.imagesPatch, encoding: .utf8)
            .replacingOccurrences(of: " \n         ### ALERTING ###", with: " \n         ### NOT THERE ###")
        let bad = runs + "/stale.diff"
        try text.write(toFile: bad, atomically: true, encoding: .utf8)
        let sha = SHA256.hex(Array(text.utf8))

        let (status, output) = try runProduct(
            "lab",
            [
                "run", "--litellm-version", "1.110.2", "--patch", bad, "--scenario", "images",
                "--backend-port", "0",
                "--proxy-port", "0", "--runs-dir", "lab-runs",
            ], in: runs)
        #expect(status == 65, "\(output)")
        #expect(
            output.contains(
                "--patch stale.diff does not apply to LiteLLM 1.110.2's files (its venv is not kept):"
                    + " litellm/proxy/image_endpoints/endpoints.py, hunk 2 (@@ -176,7 +177,11 @@): its context"
            ),
            "\(output)")
        let installs = LiteLLMInstaller.defaultCacheRoot() + "/installs"
        let left = try FileManager.default.contentsOfDirectory(atPath: installs).filter {
            $0.contains(String(sha.prefix(16))) && !$0.hasSuffix(".lock")
        }
        #expect(left == [])
    }
}
