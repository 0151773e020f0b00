import Foundation
import LabTestSupport
import Testing

@testable import LabCore
@testable import LabRecords
@testable import LabReporting
@testable import LabVerdict
@testable import LeakLab

/// Builds measured at once finish in any order; the report lists them as the plan named them.
@Suite struct ReportRecorderTests {
    private let root = TestFiles.path("report-recorder-" + UUID().uuidString)

    @Test func cellsAreListedInThePlansOrderWhicheverStartFinishedFirst() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = try RunFolder.create(under: root, label: "matrix")
        let settings = LabSettings()
        let builds = try ["1.61.20", "1.83.11", "1.90.0"].map { LiteLLMBuild.release(try LiteLLMVersion($0)) }
        let recorder = ReportRecorder()
        recorder.plan(starts: builds.map { "litellm-\($0.name)" })
        // The last build finishes first, the first one last; each start's scenarios in their own order.
        for build in builds.reversed() {
            for scenario in try ["chat", "chat-stream-mid"].map(Scenario.named) {
                let report = VerdictReport.unmeasured(
                    label: "litellm", reason: "\(build.name) \(scenario.name)", backend: "", expectation: nil,
                    versions: [:])
                recorder.record(
                    report, build: build, settings: settings, scenario: scenario, folder: folder.path,
                    start: "litellm-\(build.name)")
            }
        }
        try recorder.write(into: folder)

        let written = try JSONCoding.read(LabReport.self, from: folder.file("report.json"))
        #expect(
            written.cells.map(\.reason) == [
                "1.61.20 chat", "1.61.20 chat-stream-mid", "1.83.11 chat", "1.83.11 chat-stream-mid",
                "1.90.0 chat", "1.90.0 chat-stream-mid",
            ])
    }
}
