import Foundation
import LabTestSupport
import Testing

@testable import LabCore
@testable import LeakLab

/// `lab litellm-config`: the LiteLLM config a native run gives the proxy, for a backend the caller names.
@Suite struct ComposeConfigTests {
    /// What `lab litellm-config` prints for `words`, its comment lines left out.
    private func rendered(_ words: [String]) throws -> [String] {
        let folder = TestFiles.path("compose-config-" + UUID().uuidString)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var options = CommandOptions(words)
        #expect(
            try LabLiteLLMConfig.run(
                &options, output: try LineWriter(appendingTo: folder + "/out", timestamps: false)) == 0)
        return try String(contentsOfFile: folder + "/out", encoding: .utf8).split(separator: "\n")
            .map(String.init).filter { !$0.hasPrefix("#") }
    }

    @Test func aSettingAndAScenarioShapeTheConfigAsInANativeRun() throws {
        let lines = try rendered([
            "--backend-url", "http://backend:5001", "--scenario", "chat-timeout-retry", "--timeout", "3",
            "--setting", "general_settings.cancel_on_disconnect=true",
        ])
        #expect(lines.contains("  cancel_on_disconnect: true"))
        #expect(lines.contains("      timeout: 4.0"), "the model timeout follows the client's by 1 s")
        #expect(lines.contains("      api_base: \"http://backend:5001/v1\""))
    }

    @Test func aFallbackScenarioNeedsASecondBackendAndIsRefused() {
        var options = CommandOptions([
            "--backend-url", "http://backend:5001", "--scenario", "chat-timeout-fallback",
        ])
        #expect(throws: UsageError.self) {
            try LabLiteLLMConfig.run(&options, output: LineWriter.standardError())
        }
    }
}
