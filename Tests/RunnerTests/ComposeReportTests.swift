import Foundation
import LabTestSupport
import Testing

@testable import LabCore
@testable import LabReporting
@testable import LabVerdict
@testable import LeakLab

/// `lab compose-report`: a compose run's folder ends as a native run's, its cell named by the proxy's image.
@Suite struct ComposeReportTests {
    /// A compose run's folder as the services leave it: the plan, the config and (when measured) a verdict.
    private func composeRun(verdict: VerdictReport?) throws -> ScratchDirectory {
        let folder = try ScratchDirectory()
        let words = [
            "--scenario", "chat-stream-mid", "--setting", "general_settings.cancel_on_disconnect=true",
        ]
        var options = CommandOptions(words)
        var settings = LabSettings()
        try settings.read(&options, for: .run)
        try ComposePlan(settings: settings, arguments: words).write(into: folder.path)
        try verdict?.write(to: folder.file("verdict.json"))
        return folder
    }

    private func report(_ folder: ScratchDirectory, docker: FakeDocker, extra: [String] = []) throws -> Int32
    {
        var options = CommandOptions(
            ["--run", folder.path, "--litellm-image", "leaklab/litellm:1.61.20", "--exit-code", "1"] + extra)
        return try LabComposeReport.run(
            &options, output: try LineWriter(appendingTo: folder.file("output.txt"), timestamps: false),
            environment: ["LAB_DOCKER": docker.path])
    }

    @Test func theCellIsTheImageWithItsFreezeConfigAndVerdictAndTheRunEnds() throws {
        let docker = try FakeDocker()
        var measured = VerdictReport.unmeasured(
            label: "litellm", reason: "stand-in", backend: "http://backend:5001/", expectation: .leak,
            versions: [:])
        (measured.verdict, measured.reason) = (.leak, "10 of 10 upstream requests still held")
        measured.decision.kind = .leak
        let folder = try composeRun(verdict: measured)
        defer { folder.remove() }
        #expect(try report(folder, docker: docker) == 0)

        let report = try JSONCoding.read(LabReport.self, from: folder.file("report.json"))
        let cell = try #require(report.cells.first)
        #expect(cell.verdict == .leak && cell.scenario == "chat-stream-mid")
        let build = try #require(cell.build)
        #expect(
            build.kind == .image && build.imageDigest == FakeDocker.imageDigest && build.version == "1.61.20")
        #expect(cell.settings == ["general_settings.cancel_on_disconnect=true"])
        #expect(cell.command.contains("--litellm-image leaklab/litellm:1.61.20"))
        #expect(cell.command.contains("--expect leak"), "the expectation the collector asserted")
        #expect(report.configs.values.first?.contains("cancel_on_disconnect: true") == true)
        #expect(try folder.read("pip-freeze.txt").contains("uvicorn==0.29.0"))
        #expect(try folder.read("junit.xml").contains("<testcase"))
        let ended = try folder.read("events.jsonl").split(separator: "\n").last.map(String.init) ?? ""
        #expect(ended.contains(#""event":"run_ended""#) && ended.contains(#""exit_code":1"#))
    }

    @Test func aRunWithoutTheCollectorsVerdictIsAnInconclusiveCellSayingWhy() throws {
        let docker = try FakeDocker()
        let folder = try composeRun(verdict: nil)
        defer { folder.remove() }
        #expect(try report(folder, docker: docker, extra: ["--reason", "litellm never became healthy"]) == 0)
        let cell = try #require(
            try JSONCoding.read(LabReport.self, from: folder.file("report.json")).cells.first)
        #expect(cell.verdict == .inconclusive && cell.reason == "litellm never became healthy")
    }

    @Test func aFolderThatIsNoComposeRunIsAUsageError() throws {
        let docker = try FakeDocker()
        let folder = try ScratchDirectory()
        defer { folder.remove() }
        #expect {
            try report(folder, docker: docker)
        } throws: { error in
            (error as? ExitStatusProviding)?.exitStatus == 64
                && "\(error)".contains("compose-plan.json")
        }
    }
}
