@testable import LabReporting
@testable import LabVerdict
import Testing

@testable import LeakLab

@Suite struct LabFindingTests {
    static let cancel = "general_settings.cancel_on_disconnect=true"

    private func cell(
        _ version: String, _ scenario: String, _ verdict: VerdictKind, settings: [String] = [cancel]
    )
        -> ReportCell
    {
        ReportCell(
            version: version, settings: settings, pins: [], scenario: scenario, verdict: verdict,
            reason: verdict == .leak
                ? "10 of 10 upstream requests still held" : "all 10 released 4.3 ms after",
            expected: nil, command: "lab run --litellm-version \(version) --scenario \(scenario)",
            cost: verdict == .leak
                ? LeakCost(heldRequests: 10, backendSeconds: 30, chunksAfterHangUp: 0, bytesAfterHangUp: 0)
                : nil,
            timeline: [.init(at: 0, held: 0), .init(at: 1, held: 10), .init(at: 4, held: 10)], hangUpAt: 1,
            folder: "lab-runs/\(version)")
    }

    private func report(_ cells: [ReportCell]) -> LabReport {
        LabReport(
            environment: LabEnvironment(
                os: "Debian", kernel: "6.1", python: "Python 3.11.7", lab: "0.1.0",
                packages: ["1.110.2": ["litellm": "1.110.2", "uvicorn": "0.54.0"]]),
            configs: [:], cells: cells, generatedAt: 0)
    }

    @Test func writesTheNewestLeakWithAPassingNeighbourAsTheContrastAndTheFirstReleaseThatLeaks() throws {
        // Measured out of order, as a bisect's releases come.
        let finding = LabFinding(
            report: report([
                cell("1.110.2", "images", .leak), cell("1.89.7", "images", .pass),
                cell("1.110.2", "chat", .pass),
                cell("1.90.0", "images", .leak), cell("1.110.2", "images", .pass, settings: []),
            ]),
            scenario: try Scenario.named("images"), settings: [Self.cancel])
        #expect(
            finding.cells.map(\.buildName) == ["1.89.7", "1.90.0", "1.110.2"], "its settings only, in order")
        let text = try #require(finding.markdown)
        #expect(
            text.hasPrefix(
                "# /v1/images/generations keeps upstream requests open after the client disconnects, with "
                    + "\(Self.cancel) (LiteLLM 1.90.0 to 1.110.2)\n"))
        #expect(
            text.contains("Clients call `/v1/images/generations` on LiteLLM 1.110.2 with `\(Self.cancel)`"))
        #expect(text.contains("as the same proxy does for `chat` in the same start (chat: PASS"))
        #expect(
            text.contains(
                "First release measured leaking after one that did not: **1.90.0** (1.89.7 released"))
        #expect(text.contains("cancel_on_disconnect: true"), "the smallest config has the setting")
        #expect(text.contains("| uvicorn | 0.54.0 |"))
        #expect(text.contains("10 requests held, 30.0 backend-seconds after the hang-up"))
    }

    @Test func saysWhenEveryReleaseMeasuredLeaks() throws {
        let finding = LabFinding(
            report: report([cell("1.61.20", "pass-through", .leak, settings: [])]),
            scenario: try Scenario.named("pass-through"), settings: [])
        let text = try #require(finding.markdown)
        #expect(
            text.hasPrefix("# A pass-through route (pass_through_endpoints) keeps upstream requests open"))
        #expect(text.contains("Every release measured leaks"))
        #expect(text.contains("http://127.0.0.1:4000/lab/pass-through/pass-through"))
        #expect(
            !text.contains(
                "What should happen\n\nThe proxy closes its upstream request as soon as its client has gone, as"
            ))
    }

    @Test func aLeakTheNewestReleaseMeasuredNoLongerHasIsTitledFixedAndNotForFiling() throws {
        // 1.61.20 ignores the setting (it predates it); 1.90.0 and 1.110.2 honour it for chat.
        let finding = LabFinding(
            report: report([
                cell("1.110.2", "chat", .pass), cell("1.61.20", "chat", .leak), cell("1.90.0", "chat", .pass),
            ]),
            scenario: try Scenario.named("chat"), settings: [Self.cancel])
        #expect(finding.fixedIn == "1.90.0")
        #expect(
            finding.title.hasPrefix("Fixed in LiteLLM 1.90.0: /v1/chat/completions keeps upstream requests"))
        #expect(try #require(finding.markdown).hasPrefix("# Fixed in LiteLLM 1.90.0: "))
    }

    @Test func aLeakOfTheNewestReleaseMeasuredIsNotFixed() throws {
        let finding = LabFinding(
            report: report([cell("1.90.0", "images", .pass), cell("1.110.2", "images", .leak)]),
            scenario: try Scenario.named("images"), settings: [Self.cancel])
        #expect(finding.fixedIn == nil)
        #expect(!finding.title.hasPrefix("Fixed"))
    }

    @Test func hasNothingToWriteWithoutALeak() throws {
        let finding = LabFinding(
            report: report([cell("1.110.2", "chat", .pass)]), scenario: try Scenario.named("chat"),
            settings: [Self.cancel])
        #expect(finding.markdown == nil)
    }
}
