import Foundation
@testable import LabCore
@testable import LabReporting
import Testing

@testable import LabInstalls
@testable import LabProcesses
@testable import LabRecords

/// Builds other than a release from PyPI: the source distribution and the wheel of the reported release must
/// give its verdict, and the report must name each build exactly.
@Suite(.serialized, .enabled(if: endToEndEnabled, "set LAB_E2E=1 (make test does)"))
struct BuildTests {
    @Test func theSourceDistributionAndWheelOf1_61_20LeakAsTheReleaseDoesAndAreNamedExactly() throws {
        let downloads = try Downloads()
        let tree = try downloads.unpackedSourceDistribution(of: LiteLLMVersion.reported)
        let wheel = try downloads.wheel(of: LiteLLMVersion.reported)
        let runs = try temporaryFolder("builds")
        // One matrix, so the release and both builds run with identical settings; the report lists them in this order.
        let (status, output) = try runProduct(
            "lab",
            [
                "matrix", "--versions", "\(LiteLLMVersion.reported),\(tree),\(wheel)", "--scenarios", "chat",
                "--expect", "leak", "--proxy-port", "0", "--runs-dir", "lab-runs",
            ], in: runs)
        #expect(status == 0, "\(output)")

        let report = try #require(try ReportFiles.collect(under: runs + "/lab-runs"))
        #expect(report.cells.map(\.build?.kind) == [.release, .source, .wheel])
        for cell in report.cells {
            #expect(cell.verdict == .leak, "\(cell.buildName): \(cell.reason)")
            #expect(cell.version == LiteLLMVersion.reported)
        }
        let contentHash = try SourceTree.contentHash(of: tree)
        let source = try #require(report.cells.first { $0.build?.kind == .source }?.build)
        #expect(source.contentHash == contentHash)
        #expect(source.path == tree)
        #expect(source.gitCommit == nil, "an unpacked source distribution is no checkout")
        let wheelBuild = try #require(report.cells.first { $0.build?.kind == .wheel }?.build)
        #expect(wheelBuild.sha256 == (try LiteLLMBuild.wheel(at: wheel)).sha256)

        let sourceName = "\(LiteLLMVersion.reported)-src-\(contentHash.prefix(8))"
        #expect(
            output.split(separator: "\n").contains { $0.hasPrefix(sourceName + " ") && $0.contains("LEAK") },
            "the matrix row names the build")
        #expect(output.contains("build: LiteLLM \(LiteLLMVersion.reported), source tree \(tree)"))
        let matrix =
            runs + "/lab-runs/"
            + (try FileManager.default.destinationOfSymbolicLink(atPath: runs + "/lab-runs/latest"))
        let folders = try FileManager.default.contentsOfDirectory(atPath: matrix)
        let sourceFolder = try #require(folders.first { $0.hasSuffix("litellm-\(sourceName)") })
        let record = try JSONCoding.read(
            InstallRecord.self, from: matrix + "/\(sourceFolder)/install-record.json")
        #expect(record.build == source)

        let (reportStatus, reportOutput) = try runProduct(
            "lab", ["report", "--runs-dir", "lab-runs"], in: runs)
        #expect(reportStatus == 0, "\(reportOutput)")
        let markdown = try String(contentsOfFile: runs + "/lab-runs/report/report.md", encoding: .utf8)
        #expect(
            markdown.contains(
                "- build `\(sourceName)`: LiteLLM \(LiteLLMVersion.reported), source tree \(tree)"))
        #expect(
            markdown.contains(
                ShellWords.line(["lab", "run", "--litellm-source", tree, "--scenario", "chat"])))
    }
}

/// LiteLLM's distributions from the index this machine's pip uses, downloaded once into the lab's cache
/// (`<cache>/downloads`), so the tests do not download every time.
private struct Downloads {
    let folder = LiteLLMInstaller.defaultCacheRoot() + "/downloads"

    init() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    /// The source distribution of `version`, unpacked: `<cache>/downloads/litellm-<version>`.
    func unpackedSourceDistribution(of version: String) throws -> String {
        let tree = folder + "/litellm-\(version)"
        guard !FileManager.default.fileExists(atPath: tree + "/PKG-INFO") else { return tree }
        try download(["--no-binary", ":all:", "litellm==\(version)"])
        try run("tar", ["-xzf", folder + "/litellm-\(version).tar.gz", "-C", folder])
        return tree
    }

    /// The wheel of `version`.
    func wheel(of version: String) throws -> String {
        let file = folder + "/litellm-\(version)-py3-none-any.whl"
        if !FileManager.default.fileExists(atPath: file) {
            try download(["--only-binary", ":all:", "litellm==\(version)"])
        }
        return file
    }

    /// `pip download --no-deps` into the folder, with a pip of its own (a system Python often has none).
    private func download(_ arguments: [String]) throws {
        let pip = folder + "/pip-venv/bin/pip"
        if !FileManager.default.fileExists(atPath: pip) {
            try run("python3", ["-m", "venv", folder + "/pip-venv"])
        }
        try run(pip, ["download", "--disable-pip-version-check", "--no-deps", "-d", folder] + arguments)
    }

    private func run(_ executable: String, _ arguments: [String]) throws {
        let status = try ChildProcess.run(.init(executable, arguments, log: .file(folder + "/downloads.log")))
        try #require(
            status.isSuccess, "\(executable) \(arguments.joined(separator: " ")): see \(folder)/downloads.log"
        )
    }
}
