import Foundation
import Testing

@testable import LabCore
@testable import LabInstalls
@testable import LabRecords
@testable import LeakLab

/// `--patch FILE` on `lab run`, and `V+FILE` in `lab matrix --versions`: a release with a diff applied.
@Suite struct PatchOptionTests {
    private func settings(_ words: [String]) throws -> LabSettings {
        guard case .run(let settings) = try parseJob("run", words) else { throw UsageError("not a run") }
        return settings
    }

    private func usageError(_ words: [String]) -> String? {
        do {
            _ = try settings(words)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func patchMakesTheReleaseAPatchedOne() throws {
        #expect(
            try settings(["--litellm-version", "1.110.2", "--patch", "/dev/null"]).proxy.build
                == .patched(release: "1.110.2", patch: "/dev/null"))
        #expect(
            try settings(["--patch", "/dev/null"]).proxy.build
                == .patched(release: "1.61.20", patch: "/dev/null"))
        #expect(try settings(["--litellm-version", "1.110.2"]).proxy.build == .release("1.110.2"))
    }

    @Test func patchIsRefusedWithoutAFileOrOnAnotherKindOfBuild() {
        #expect(
            usageError(["--patch", "/no/such.diff"])?.contains("--patch /no/such.diff: no readable file")
                == true)
        #expect(
            usageError(["--litellm-source", "/src/litellm", "--patch", "/dev/null"])?.contains(
                "--patch applies to a release (--litellm-version V); /src/litellm is another kind of build")
                == true)
        #expect(usageError(["--litellm-image", "x:1", "--patch", "/dev/null"]) != nil)
    }

    @Test func composeRefusesAPatchedRelease() throws {
        let patched = try settings(["--litellm-version", "1.110.2", "--patch", "/dev/null"])
        #expect(
            LabOption.table.compactMap { $0.composeRefusal(patched) } == [
                "--patch: compose builds its LiteLLM image from a release as released; a patched release runs"
                    + " natively"
            ])
    }

    @Test func aCellOfAPatchedBuildIsMeasuredAgainWithItsPatch() throws {
        let build = LiteLLMBuild.release(
            try LiteLLMVersion("1.110.2"),
            patch: .init(
                path: "/work/fix images.diff", sha256: String(repeating: "ab", count: 32), files: ["x"]))
        let settings = try settings(["--setting", "general_settings.cancel_on_disconnect=true"])
        let words = settings.runArguments(
            build: build, scenario: settings.load.scenario, server: settings.proxy.server)
        #expect(
            ShellWords.line(["lab"] + words)
                == "lab run --litellm-version 1.110.2 --patch '/work/fix images.diff' --scenario chat --setting"
                + " general_settings.cancel_on_disconnect=true")
    }

    @Test func matrixAndCompareNameAPatchedReleaseAsReleasePlusFile() throws {
        guard
            case .matrix(_, let builds, _, _) = try parseJob(
                "matrix", ["--versions", "1.110.2,1.110.2+findings/patches/images-cancel-on-disconnect.diff"])
        else {
            Issue.record("not a matrix")
            return
        }
        #expect(
            builds == [
                .release("1.110.2"),
                .patched(release: "1.110.2", patch: "findings/patches/images-cancel-on-disconnect.diff"),
            ])
    }

    @Test func lockRefusesAPatchBecauseItChangesNoDependency() throws {
        var options = CommandOptions(["--litellm-version", "1.110.2", "--patch", "/dev/null"])
        #expect {
            try LabLock.run(&options, output: try LineWriter(appendingTo: "/dev/null"))
        } throws: { error in
            "\(error)".contains("--patch changes a release's files, not its dependencies")
        }
    }
}
