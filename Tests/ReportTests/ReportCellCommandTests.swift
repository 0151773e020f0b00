import Foundation
import LabCore
import LabReporting
import LabRunner
import LabVerdict
import Testing

/// Each cell's command reproduces what was measured: the build, and the backend's slots when there were any.
@Suite struct ReportCellCommandTests {
    private func cell(build: LiteLLMBuild, probe: SlotProbeResult? = nil) -> ReportCell {
        var report = VerdictReport.unmeasured(
            label: "litellm", reason: "not measured", backend: "", expectation: nil, versions: [:])
        report.slotProbe = probe
        return ReportCell(
            report: report, build: build, settings: [], dependencies: LiteLLMDependencies(), scenario: "chat",
            folder: "f")
    }

    @Test func slotsQueueLimitAndPatienceAreRepeated() throws {
        let release = LiteLLMBuild.release(try LiteLLMVersion("1.61.20"))
        let limited = SlotProbeResult(
            outcome: .refused, slots: 10, queueLimit: 0, slotsHeld: 10, patienceSeconds: 5)
        #expect(
            cell(build: release, probe: limited).command
                == "lab run --litellm-version 1.61.20 --scenario chat --slots 10 --queue-limit 0 --probe-patience 5"
        )
        let unlimited = SlotProbeResult(outcome: .stillWaiting, slots: 4, slotsHeld: 4, patienceSeconds: 2.5)
        #expect(
            cell(build: release, probe: unlimited).command
                == "lab run --litellm-version 1.61.20 --scenario chat --slots 4 --probe-patience 2.5")
    }

    @Test func anImageIsRunAgainByItsReference() throws {
        let json = """
            {"kind": "image", "version": "1.61.20", "image": "leaklab/litellm:1.61.20",
             "image_digest": "sha256:4f2a9c0e1b7d3a5c8e6f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5", "repo_digests": []}
            """
        let image = try JSONCoding.decode(LiteLLMBuild.self, from: Data(json.utf8))
        #expect(image.name == "1.61.20-img-4f2a9c0e")
        #expect(
            cell(build: image).command == "lab run --litellm-image 'leaklab/litellm:1.61.20' --scenario chat")
    }
}
