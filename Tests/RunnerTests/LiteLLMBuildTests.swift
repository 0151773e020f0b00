import Foundation
@testable import LabCore
import Testing

@testable import LabInstalls
@testable import LabProcesses
@testable import LabRecords

/// A scratch source tree with a `pyproject.toml` naming `name` at `version`, as LiteLLM's checkouts have it.
private func sourceTree(name: String = "litellm", version: String = "1.61.20") throws -> ScratchDirectory {
    let tree = try ScratchDirectory()
    try write(
        "[tool.poetry]\nname = \"\(name)\"\nversion = \"\(version)\"\n", to: tree.file("pyproject.toml"))
    try write("print('proxy')\n", to: tree.file("litellm/proxy/proxy_server.py"))
    return tree
}

private func write(_ text: String, to path: String) throws {
    try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
}

private func key(_ tree: ScratchDirectory) throws -> String {
    try SourceTree.contentHash(of: tree.path)
}

@discardableResult
private func git(_ arguments: [String], in folder: String) throws -> String {
    let result = try ChildProcess.output(
        .init(
            "git",
            ["-C", folder, "-c", "user.name=lab", "-c", "user.email=lab@example.invalid"] + arguments,
            log: .file("/dev/null")))
    #expect(result.status.isSuccess, "git \(arguments.joined(separator: " "))")
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
}

@Suite struct SHA256Tests {
    @Test func digestsMatchTheStandardsTestVectors() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256.hex(Array("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func feedingInPiecesOfAnySizeGivesTheSameDigest() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        for piece in [1, 7, 63, 64, 65, 200] {
            var hash = SHA256()
            for start in stride(from: 0, to: bytes.count, by: piece) {
                hash.update(Array(bytes[start..<min(start + piece, bytes.count)]))
            }
            #expect(hash.finalize() == SHA256.hex(bytes), "pieces of \(piece)")
        }
    }
}

@Suite struct SourceTreeKeyTests {
    @Test func anUnchangedTreeKeepsItsKey() throws {
        let tree = try sourceTree()
        defer { tree.remove() }
        #expect(try key(tree) == key(tree))
        #expect(try key(tree).count == 64)
    }

    @Test func editingAddingRenamingOrMakingAFileExecutableMakesANewKey() throws {
        let tree = try sourceTree()
        defer { tree.remove() }
        var keys = [try key(tree)]
        try write("print('fixed')\n", to: tree.file("litellm/proxy/proxy_server.py"))
        keys.append(try key(tree))
        try write("x = 1\n", to: tree.file("litellm/new.py"))
        keys.append(try key(tree))
        try FileManager.default.moveItem(
            atPath: tree.file("litellm/new.py"), toPath: tree.file("litellm/old.py"))
        keys.append(try key(tree))
        chmod(tree.file("litellm/old.py"), 0o755)
        keys.append(try key(tree))
        #expect(Set(keys).count == keys.count)
    }

    @Test func whatBuildingTestingOrAVenvLeavesInTheTreeDoesNotChangeTheKey() throws {
        let tree = try sourceTree()
        defer { tree.remove() }
        let before = try key(tree)
        for leftover in [
            ".git/HEAD", "litellm/__pycache__/proxy_server.cpython-311.pyc", "litellm/stale.pyc",
            "node_modules/x/index.js", "ui/node_modules/y.js", "build/lib/litellm/x.py", "dist/litellm.whl",
            "litellm.egg-info/PKG-INFO", ".venv/bin/python", "venv/lib/x.py", "my-env/pyvenv.cfg",
            "my-env/lib/site.py", ".tox/py311/x", ".mypy_cache/x", ".pytest_cache/x", ".ruff_cache/x",
        ] {
            try write("left over\n", to: tree.file(leftover))
        }
        #expect(try key(tree) == before)
    }

    @Test func buildAndDistBelowTheTopAreSource() throws {
        let tree = try sourceTree()
        defer { tree.remove() }
        let before = try key(tree)
        try write("def build(): pass\n", to: tree.file("litellm/build/__init__.py"))
        #expect(try key(tree) != before)
    }
}

@Suite struct LiteLLMBuildIdentityTests {
    @Test func aSourceDistributionIsNamedByItsPKGInfoAndContent() throws {
        let tree = try ScratchDirectory()
        defer { tree.remove() }
        try write("Metadata-Version: 2.1\nName: litellm\nVersion: 1.61.20\n", to: tree.file("PKG-INFO"))
        try write("[tool.poetry]\nname = \"litellm\"\nversion = \"9.9.9\"\n", to: tree.file("pyproject.toml"))
        let build = try LiteLLMBuild.source(at: tree.path, python: "python3")
        #expect(build.kind == .source)
        #expect(build.version == "1.61.20")
        #expect(build.contentHash == (try SourceTree.contentHash(of: tree.path)))
        #expect(build.gitCommit == nil && build.gitDirty == nil)
        #expect(build.name == "1.61.20-src-" + (build.contentHash ?? "").prefix(8))
        #expect(build.label == "litellm-" + build.name)
        #expect(build.requirement(withProxyExtra: true).hasPrefix("litellm[proxy] @ file://\(tree.path)"))
    }

    @Test func aCheckoutIsNamedByItsCommitAndWhetherItIsDirty() throws {
        let tree = try sourceTree()
        defer { tree.remove() }
        try git(["init", "-q"], in: tree.path)
        try git(["add", "."], in: tree.path)
        try git(["commit", "-q", "-m", "first"], in: tree.path)
        let head = try git(["rev-parse", "HEAD"], in: tree.path)

        let clean = try LiteLLMBuild.source(at: tree.path, python: "python3")
        #expect(clean.gitCommit == head)
        #expect(clean.gitDirty == false)
        #expect(clean.version == "1.61.20")
        #expect(clean.description.contains("git \(head), clean"))

        try write("print('edited')\n", to: tree.file("litellm/proxy/proxy_server.py"))
        let edited = try LiteLLMBuild.source(at: tree.path, python: "python3")
        #expect(edited.gitCommit == head)
        #expect(edited.gitDirty == true)
        #expect(edited.contentHash != clean.contentHash)
        #expect(edited.description.contains("dirty"))
    }

    @Test func aRelativePathIsReadFromTheWorkingFolder() throws {
        let tree = try sourceTree()
        defer { tree.remove() }
        let relative = String(repeating: "../", count: 20) + tree.path.dropFirst()
        #expect(try LiteLLMBuild.source(at: relative, python: "python3").path == tree.path)
    }

    @Test func aWheelIsNamedByItsFileNameAndSHA256() throws {
        let folder = try ScratchDirectory()
        defer { folder.remove() }
        let bytes: [UInt8] = [0x50, 0x4b, 0x03, 0x04] + Array("rest of the archive".utf8)
        let file = folder.file("litellm-1.61.20-py3-none-any.whl")
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let build = try LiteLLMBuild.wheel(at: file)
        #expect(build.kind == .wheel)
        #expect(build.version == "1.61.20")
        #expect(build.sha256 == SHA256.hex(bytes))
        #expect(build.name == "1.61.20-whl-" + SHA256.hex(bytes).prefix(8))
        #expect(build.commandLineWords == ["--litellm-wheel", file])
    }

    @Test func aReleaseIsItsVersion() throws {
        let build = LiteLLMBuild.release(try LiteLLMVersion("1.61.20"))
        #expect(build.name == "1.61.20")
        #expect(build.requirement(withProxyExtra: true) == "litellm[proxy]==1.61.20")
        #expect(build.requirement(withProxyExtra: false) == "litellm==1.61.20")
        #expect(build.description == "LiteLLM 1.61.20, release from PyPI")
    }

    @Test func aWordNamesAReleaseATreeOrAWheel() {
        #expect(LiteLLMBuildRequest(word: "1.61.20") == .release("1.61.20"))
        #expect(LiteLLMBuildRequest(word: "latest") == .release("latest"))
        #expect(LiteLLMBuildRequest(word: "./litellm") == .source("./litellm"))
        #expect(LiteLLMBuildRequest(word: "/src/litellm") == .source("/src/litellm"))
        #expect(
            LiteLLMBuildRequest(word: "litellm-1.0-py3-none-any.whl")
                == .wheel("litellm-1.0-py3-none-any.whl"))
    }
}

@Suite struct LiteLLMBuildErrorTests {
    @Test func aMissingPathIsNamedWithItsOption() {
        #expect(throws: LiteLLMBuildError.missing(path: "/no/such/tree", option: "--litellm-source")) {
            try LiteLLMBuild.source(at: "/no/such/tree", python: "python3")
        }
        #expect(throws: LiteLLMBuildError.missing(path: "/no/such.whl", option: "--litellm-wheel")) {
            try LiteLLMBuild.wheel(at: "/no/such.whl")
        }
    }

    @Test func aFolderWithoutMetadataOrAFileIsNotASourceTree() throws {
        let folder = try ScratchDirectory()
        defer { folder.remove() }
        try write("x\n", to: folder.file("README"))
        for path in [folder.path, folder.file("README")] {
            #expect {
                try LiteLLMBuild.source(at: path, python: "python3")
            } throws: { error in
                guard case .notSourceTree(path, _)? = error as? LiteLLMBuildError else { return false }
                return true
            }
        }
    }

    @Test func anotherPackagesTreeIsRefused() throws {
        let tree = try sourceTree(name: "openai")
        defer { tree.remove() }
        #expect(throws: LiteLLMBuildError.notLiteLLM(path: tree.path, name: "openai")) {
            try LiteLLMBuild.source(at: tree.path, python: "python3")
        }
    }

    @Test func aFolderABadNameOrAFileThatIsNoZipIsNotAWheel() throws {
        let folder = try ScratchDirectory()
        defer { folder.remove() }
        try write("not a zip\n", to: folder.file("litellm-1.61.20-py3-none-any.whl"))
        try write("PK\u{3}\u{4}\n", to: folder.file("litellm.whl"))
        for path in [
            folder.path, folder.file("litellm-1.61.20-py3-none-any.whl"), folder.file("litellm.whl"),
        ] {
            #expect {
                try LiteLLMBuild.wheel(at: path)
            } throws: { error in
                guard case .notWheel(path, _)? = error as? LiteLLMBuildError else { return false }
                return true
            }
        }
    }
}

@Suite final class LiteLLMBuildInstallTests: InstallerFixture {
    @Test func aSourceTreeIsInstalledWithItsProxyExtraIntoAVenvKeyedByItsContent() throws {
        let tree = try sourceTree()
        defer { tree.remove() }
        let build = try LiteLLMBuild.source(at: tree.path, python: "python3")
        let venv = try installer.ensure(build: build, log: log) { _ in }

        #expect(
            venv.root.hasPrefix(
                fake.scratch.file("cache/installs/litellm-1.61.20-src-\(build.contentHash!.prefix(16))-")))
        let lock = try LiteLLMLock(text: try venv.lockText())
        #expect(lock.pins["litellm"] == "file://\(tree.path)/")
        let record = try venv.installRecord()
        #expect(record.build == build)
        #expect(record.litellm == "1.61.20")
        #expect(record.summaryLines.first == "build: \(build)")

        let progress = ProgressLines()
        _ = try installer.ensure(
            build: try LiteLLMBuild.source(at: tree.path, python: "python3"), log: log,
            progress: progress.append)
        #expect(progress.all == ["using cached venv \(venv.root)"])

        try write("print('fixed')\n", to: tree.file("litellm/proxy/proxy_server.py"))
        let edited = try LiteLLMBuild.source(at: tree.path, python: "python3")
        #expect(try installer.installKey(build: edited) != installer.installKey(build: build))
    }

    @Test func overridesApplyOnTopOfAWheelAsOnTopOfARelease() throws {
        let folder = try ScratchDirectory()
        defer { folder.remove() }
        let file = folder.file("litellm-1.61.20-py3-none-any.whl")
        try Data([0x50, 0x4b, 0x03, 0x04]).write(to: URL(fileURLWithPath: file))
        let build = try LiteLLMBuild.wheel(at: file)
        let dependencies = LiteLLMDependencies(overrides: ["uvicorn==0.32.1"])
        let venv = try installer.ensure(build: build, dependencies: dependencies, log: log) { _ in }

        #expect(venv.root.contains("/litellm-1.61.20-whl-\(build.sha256!.prefix(16))-"))
        #expect(fake.calls.contains { $0.hasPrefix("uv pip compile") && $0.contains("lab-overrides.txt") })
        let lock = try LiteLLMLock(text: try venv.lockText())
        #expect(lock.pins["litellm"] == "file://\(file)")
        #expect(lock.pins["uvicorn"] == "0.32.1")
        #expect(try venv.installRecord().build == build)
    }

    @Test func aTreeThatInstallsAnotherVersionThanItDeclaresIsAnError() throws {
        let tree = try sourceTree(version: "1.62.0")
        defer { tree.remove() }
        let build = try LiteLLMBuild.source(at: tree.path, python: "python3")
        #expect {
            try installer.ensure(build: build, log: log) { _ in }
        } throws: { error in
            guard case .versionMismatch(_, "1.61.20", _)? = error as? LiteLLMInstallError else {
                return false
            }
            return true
        }
    }
}
