import Foundation
import Glibc
@testable import LabCore
import Testing

@testable import LabInstalls
@testable import LabRecords

/// A tiny installed package: `pkg/m.py` holding the lines `a` to `m`, in a scratch `site-packages`.
private func packageTree() throws -> (scratch: ScratchDirectory, folder: String) {
    let scratch = try ScratchDirectory()
    let folder = scratch.file("lib/python3.11/site-packages")
    try FileManager.default.createDirectory(atPath: folder + "/pkg", withIntermediateDirectories: true)
    try letters.write(toFile: folder + "/pkg/m.py", atomically: true, encoding: .utf8)
    return (scratch, folder)
}

private let letters = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n"

/// Changes `b` to `B` (hunk 1) and `j` to `J` (hunk 2).
private let twoHunks = """
    diff --git a/pkg/m.py b/pkg/m.py
    --- a/pkg/m.py
    +++ b/pkg/m.py
    @@ -1,3 +1,3 @@
     a
    -b
    +B
     c
    @@ -9,3 +9,3 @@
     i
    -j
    +J
     k

    """

private func write(_ text: String, _ path: String) throws -> String {
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Suite struct PatchedReleaseTests {
    @Test func aReleasePlusAFileIsAPatchedBuildAndOtherWordsKeepTheirMeaning() {
        #expect(
            LiteLLMBuildRequest(word: "1.110.2+fix-images.diff")
                == .patched(release: "1.110.2", patch: "fix-images.diff"))
        #expect(
            LiteLLMBuildRequest(word: "1.110.2+findings/patches/x.diff")
                == .patched(release: "1.110.2", patch: "findings/patches/x.diff"))
        #expect(
            LiteLLMBuildRequest(word: "latest+../x.diff") == .patched(release: "latest", patch: "../x.diff"))
        #expect(LiteLLMBuildRequest(word: "./src+fix") == .source("./src+fix"))
        #expect(
            LiteLLMBuildRequest(word: "dist/litellm-1.0+local-py3-none-any.whl")
                == .wheel("dist/litellm-1.0+local-py3-none-any.whl"))
        #expect(LiteLLMBuildRequest(word: "image:leaklab/litellm:1+x") == .image("leaklab/litellm:1+x"))
        #expect(LiteLLMBuildRequest(word: "1.110.2+") == .release("1.110.2+"))
        #expect(
            LiteLLMBuildRequest.patched(release: "1.110.2", patch: "a/b.diff").description
                == "1.110.2+a/b.diff")
    }

    @Test func aDiffIsReadForItsFilesAndHunksCountingEachHunksLines() throws {
        // A removed line reading `--- x` inside a hunk is a line of the hunk, not a file header.
        let text =
            twoHunks + """
                --- a/pkg/n.py\t2026-12-07 10:00:00
                +++ b/pkg/n.py\t2026-12-07 10:01:00
                @@ -2,2 +2,1 @@
                --- x
                 y
                --- /dev/null
                +++ b/pkg/new.py
                @@ -0,0 +1 @@
                +z
                \\ No newline at end of file

                """
        let diff = try UnifiedDiff(text: text)
        #expect(diff.files.map(\.path) == ["pkg/m.py", "pkg/n.py", "pkg/new.py"])
        #expect(diff.files[0].hunks.map(\.oldStart) == [1, 9])
        #expect(diff.files[2].oldPath == nil)
        #expect(diff.hunk(of: "pkg/m.py", startingAt: 9)?.number == 2)
        #expect(diff.hunk(of: "pkg/m.py", startingAt: 9)?.hunk.header == "@@ -9,3 +9,3 @@")
        let git = UnifiedDiff.Hunk(oldStart: 176, header: "@@ -176,7 +177,11 @@ async def image_generation(")
        #expect(git.ranges == "@@ -176,7 +177,11 @@")
    }

    @Test func textThatIsNotARelativeUnifiedDiffIsRefusedWithAReason() {
        #expect(throws: UnifiedDiff.Unreadable.self) { try UnifiedDiff(text: "just words\n") }
        #expect(throws: UnifiedDiff.Unreadable.self) {
            try UnifiedDiff(text: "--- a/../etc/passwd\n+++ b/../etc/passwd\n@@ -1 +1 @@\n-x\n+y\n")
        }
        #expect(throws: UnifiedDiff.Unreadable.self) {
            try UnifiedDiff(text: "--- m.py\n+++ m.py\n@@ -1 +1 @@\n-x\n+y\n")
        }
        #expect(throws: UnifiedDiff.Unreadable.self) {
            try UnifiedDiff(text: "--- a/m.py\n+++ b/m.py\n@@ -1,3 +1,3 @@\n a\n-b\n")
        }
    }

    @Test func aPatchedReleaseIsNamedByItsPatchAndRecordsItsHash() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = try write(twoHunks, scratch.file("fix images.diff"))
        let build = try LiteLLMBuild.patched(release: LiteLLMVersion("1.110.2"), patch: path)
        let sha = SHA256.hex(Array(twoHunks.utf8))

        #expect(build.kind == .release)
        #expect(build.release?.description == "1.110.2")
        #expect(build.patch == .init(path: path, sha256: sha, files: ["pkg/m.py"]))
        #expect(build.name == "1.110.2+fix-images")
        #expect(build.label == "litellm-1.110.2+fix-images")
        #expect(build.venvName == "litellm-1.110.2+fix-images-\(sha.prefix(16))")
        #expect(build.commandLineWords == ["--litellm-version", "1.110.2", "--patch", path])
        #expect(
            build.description
                == "LiteLLM 1.110.2, release from PyPI with patch fix images.diff (sha256 \(sha), 1 file)")
        #expect(build.unpatched == .release(try LiteLLMVersion("1.110.2")))
        let json = try JSONCoding.encode(build)
        #expect(String(decoding: json, as: UTF8.self).contains(sha))
        #expect(try JSONCoding.decode(LiteLLMBuild.self, from: json) == build)
    }

    @Test func aMissingOrUnreadablePatchIsABadBuild() throws {
        #expect(throws: LiteLLMBuildError.missing(path: "/no/such.diff", option: "--patch")) {
            try LiteLLMBuild.patched(release: LiteLLMVersion("1.110.2"), patch: "/no/such.diff")
        }
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = try write("not a diff\n", scratch.file("x.diff"))
        #expect {
            try LiteLLMBuild.patched(release: LiteLLMVersion("1.110.2"), patch: path)
        } throws: { error in
            "\(error)".contains("--patch \(path) is not a patch the lab can apply: it has no file header")
        }
    }

    @Test func theVenvIsKeyedByTheLockAndThePatchSoTheReleasesOwnStaysUntouched() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try FileManager.default.createDirectory(
            atPath: scratch.file("other"), withIntermediateDirectories: true)
        let one = try LiteLLMBuild.patched(
            release: LiteLLMVersion("1.110.2"), patch: try write(twoHunks, scratch.file("fix.diff")))
        let other = try LiteLLMBuild.patched(
            release: LiteLLMVersion("1.110.2"),
            patch: try write(
                twoHunks.replacingOccurrences(of: "+J", with: "+JJ"), scratch.file("other/fix.diff")))
        let lock = try LiteLLMLock(
            fields: [("build", "litellm[proxy]==1.110.2")],
            requirements: "litellm==1.110.2 \\\n    --hash=sha256:00\n")
        let installer = LiteLLMInstaller(
            cacheRoot: scratch.file("cache"), python: "python3", locksFolder: nil)
        let folders = [one.unpatched, one, other].map { installer.venvDirectory(build: $0, lock: lock) }

        #expect(Set(folders).count == 3)
        #expect(folders[0] == scratch.file("cache/installs/litellm-1.110.2-\(lock.sha256.prefix(16))"))
        #expect(folders[1].hasSuffix("+fix-\(one.patch!.sha256.prefix(16))-\(lock.sha256.prefix(16))"))
        #expect(one.name == other.name, "the same file name names both; the hash tells them apart")
        let keys = try [one.unpatched, one, other].map { try installer.installKey(build: $0) }
        #expect(Set(keys).count == 3)
    }

    @Test func aPatchThatAppliesChangesTheFolderButNoHardLinkedTwin() throws {
        let (scratch, folder) = try packageTree()
        defer { scratch.remove() }
        // uv installs hard links into its cache: the cache's copy must stay as released.
        let twin = scratch.file("uv-cache-m.py")
        #expect(link(folder + "/pkg/m.py", twin) == 0)
        let patch = try write(twoHunks, scratch.file("fix.diff"))

        try LiteLLMInstaller.apply(
            diffFile: patch, diff: try UnifiedDiff(text: twoHunks), to: folder, naming: "fix.diff",
            build: "1.0",
            log: scratch.file("install.log"))

        #expect(
            try String(contentsOfFile: folder + "/pkg/m.py", encoding: .utf8)
                == letters
                .replacingOccurrences(of: "b\n", with: "B\n").replacingOccurrences(of: "j\n", with: "J\n"))
        #expect(try String(contentsOfFile: twin, encoding: .utf8) == letters)
    }

    @Test func aPatchThatDoesNotApplyNamesTheFileAndHunkAndChangesNothing() throws {
        let (scratch, folder) = try packageTree()
        defer { scratch.remove() }
        // Hunk 1 applies, hunk 2 expects `x` where the file has `j`: git applies all or nothing.
        let text = twoHunks.replacingOccurrences(of: "-j", with: "-x")
        let patch = try write(text, scratch.file("fix.diff"))

        #expect {
            try LiteLLMInstaller.apply(
                diffFile: patch, diff: try UnifiedDiff(text: text), to: folder, naming: "fix.diff",
                build: "1.0",
                log: scratch.file("install.log"))
        } throws: { error in
            guard case LiteLLMInstallError.patchDoesNotApply(let name, let build, let failures, _) = error
            else {
                return false
            }
            return name == "fix.diff" && build == "1.0"
                && failures == [
                    "pkg/m.py, hunk 2 (@@ -9,3 +9,3 @@): its context and removed lines are not there"
                ]
                && "\(error)".hasPrefix("--patch fix.diff does not apply to LiteLLM 1.0's files")
        }
        #expect(try String(contentsOfFile: folder + "/pkg/m.py", encoding: .utf8) == letters)
    }
}

/// Patched releases through the installer, with ``FakePython`` standing in for uv and the venv.
@Suite final class PatchedInstallTests: InstallerFixture {
    private func patched(_ text: String) throws -> LiteLLMBuild {
        let path = fake.scratch.file("fix-router.diff")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try LiteLLMBuild.patched(release: LiteLLMVersion("1.61.20"), patch: path)
    }

    /// Changes the fake release's `litellm/router.py` (`router = 1`).
    private let fix = """
        --- a/litellm/router.py
        +++ b/litellm/router.py
        @@ -1 +1 @@
        -router = 1
        +router = 2

        """

    private var installs: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: fake.scratch.file("cache/installs"))) ?? []
    }

    @Test func installsTheReleasesLockThenAppliesThePatch() throws {
        let build = try patched(fix)
        let progress = ProgressLines()
        let venv = try installer.ensure(build: build, log: log, progress: progress.append)

        #expect(venv.root.contains("/installs/litellm-1.61.20+fix-router-\(build.patch!.sha256.prefix(16))-"))
        let source = venv.root + "/lib/python3.11/site-packages/litellm/router.py"
        #expect(try String(contentsOfFile: source, encoding: .utf8) == "router = 2\n")
        #expect(try venv.patchText() == fix)
        #expect(try venv.installRecord().build == build)
        #expect(progress.all.contains { $0.hasPrefix("applying patch fix-router.diff (sha256 ") })
        // The same build again is the cached venv.
        _ = try installer.ensure(build: build, log: log, progress: progress.append)
        #expect(progress.all.last == "using cached venv \(venv.root)")
    }

    @Test func aPatchThatDoesNotApplyLeavesNoVenvInTheCache() throws {
        let build = try patched(fix.replacingOccurrences(of: "-router = 1", with: "-router = 7"))

        #expect {
            try installer.ensure(build: build, log: log) { _ in }
        } throws: { error in
            guard case LiteLLMInstallError.patchDoesNotApply(_, _, let failures, _) = error else {
                return false
            }
            return failures == [
                "litellm/router.py, hunk 1 (@@ -1 +1 @@): its context and removed lines are not there"
            ]
        }
        #expect(
            installs == [], "a patch that does not apply leaves nothing in the cache, its lock file included")
    }
}
