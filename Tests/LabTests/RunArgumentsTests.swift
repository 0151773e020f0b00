import Foundation
import Testing

@testable import LabCore
@testable import LabReporting
@testable import LabRecords
@testable import LabVerdict
@testable import LeakLab

/// A cell's command measures it again: every option that shaped it, none at its default, read back as given.
@Suite struct RunArgumentsTests {
    private func settings(_ words: [String]) throws -> LabSettings {
        guard case .run(let settings) = try parseJob("run", words) else { throw UsageError("not a run") }
        return settings
    }

    private func arguments(_ words: [String]) throws -> [String] {
        let settings = try settings(words)
        let build = LiteLLMBuild.release(try LiteLLMVersion("1.61.20"))
        return settings.runArguments(
            build: build, scenario: settings.load.scenario, server: settings.proxy.server)
    }

    @Test func theDefaultsNeedNoWords() throws {
        #expect(try arguments([]) == ["run", "--litellm-version", "1.61.20", "--scenario", "chat"])
    }

    @Test func everyOptionThatShapedTheCellIsRepeatedAndReadsBackTheSame() throws {
        let words = [
            "--scenario", "chat-stream-mid", "--server", "gunicorn", "--workers", "2",
            "--setting", "general_settings.cancel_on_disconnect=true", "--pip", "uvicorn==0.32.1",
            "--resolve-as-of", "2025-03-01", "--requests", "5", "--timeout", "2.5", "--grace", "4",
            "--settle", "1",
            "--observe", "30", "--slots", "10", "--queue-limit", "0", "--probe-patience", "7", "--repeat",
            "3",
            "--expect", "leak",
        ]
        let repeated = try arguments(words)
        #expect(
            ShellWords.line(["lab"] + repeated)
                == "lab run --litellm-version 1.61.20 --scenario chat-stream-mid --requests 5 --timeout 2.5"
                + " --slots 10 --queue-limit 0 --probe-patience 7 --server gunicorn --workers 2"
                + " --setting general_settings.cancel_on_disconnect=true --pip uvicorn==0.32.1"
                + " --resolve-as-of 2025-03-01 --expect leak --grace 4 --settle 1 --observe 30 --repeat 3")
        #expect(try arguments(Array(repeated.dropFirst())) == repeated, "read back, the same cell")
    }

    @Test func aCellOfAnImageOrATreeIsRunAgainByItsReferenceOrPath() throws {
        let json = """
            {"kind": "image", "version": "1.61.20", "image": "leaklab/litellm:1.61.20",
             "image_digest": "sha256:4f2a9c0e1b7d3a5c8e6f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5"}
            """
        let image = try JSONCoding.decode(LiteLLMBuild.self, from: Data(json.utf8))
        let settings = LabSettings()
        #expect(
            settings.runArguments(build: image, scenario: settings.load.scenario, server: .default)
                == ["run", "--litellm-image", "leaklab/litellm:1.61.20", "--scenario", "chat"])
        let report = VerdictReport.unmeasured(
            label: "litellm", reason: "not measured", backend: "", expectation: nil, versions: [:])
        let tree = LiteLLMBuild(
            kind: .source, version: "1.61.20", path: "/src/my litellm", contentHash: "92a0")
        let cell = ReportCell(
            report: report, build: tree, settings: [], dependencies: LiteLLMDependencies(), scenario: "chat",
            runArguments: settings.runArguments(
                build: tree, scenario: settings.load.scenario, server: .default),
            folder: "f")
        #expect(cell.command == "lab run --litellm-source '/src/my litellm' --scenario chat")
    }

    @Test func shellWordsQuoteOnlyWhatAShellWouldSplitOrExpand() {
        #expect(ShellWords.line(["a", "b=c", "x/y:z@1.2,3+4%5-6_7"]) == "a b=c x/y:z@1.2,3+4%5-6_7")
        #expect(ShellWords.line(["", "a b", "$HOME", "it's"]) == #"'' 'a b' '$HOME' 'it'\''s'"#)
    }
}
