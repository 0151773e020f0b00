import Foundation
import LabTestSupport
import Testing

@testable import LeakLab

/// `--litellm-config` and `--model`: refused at the command line, with a usage error saying what to do,
/// wherever the run could not use them.
@Suite struct UserConfigOptionTests {
    private static let config: String = {
        let path = TestFiles.path("leak-lab-user-config-\(UUID().uuidString.prefix(8)).yaml")
        try? "model_list: []\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }()

    private func refusal(_ words: [String]) -> String? {
        var options = CommandOptions(words, environment: [:])
        do {
            _ = try LabJob.parse("run", &options)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func aReadableConfigWithAPlainScenarioIsTaken() {
        #expect(
            refusal(["--litellm-config", Self.config, "--model", "gpt-4o", "--scenario", "chat-stream-mid"])
                == nil)
    }

    @Test(
        arguments: [
            (["--model", "gpt-4o"], "--model names a model of --litellm-config"),
            (
                ["--litellm-config", "/no/such/config.yaml"],
                "--litellm-config /no/such/config.yaml: no readable file"
            ),
            (["--litellm-config", config, "--proxy", "nginx"], "--litellm-config configures LiteLLM"),
            (
                ["--litellm-config", config, "--scenario", "chat-timeout-retry"],
                "scenario chat-timeout-retry sets"
            ),
        ] as [([String], String)])
    func refusesWhatTheRunCouldNotUse(words: [String], problem: String) {
        #expect(refusal(words)?.hasPrefix(problem) == true, "\(refusal(words) ?? "taken")")
    }

    @Test func aMatrixDoesNotTakeAUsersConfig() {
        var options = CommandOptions(
            ["--versions", "1.61.20", "--litellm-config", Self.config], environment: [:])
        #expect(throws: UsageError.self) {
            _ = try LabJob.parse("matrix", &options)
            try options.finish()
        }
    }
}
