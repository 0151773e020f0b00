import Foundation
import LabCore
import LabProcesses
import LabRecords

extension LiteLLMBuild {
    /// Reads a source tree: its declared name and version, its content key, and for a git checkout its
    /// commit and whether it is dirty.
    ///
    /// - Parameters:
    ///   - path: A git checkout of LiteLLM or an unpacked source distribution; relative to the working folder.
    ///   - python: The interpreter that reads `pyproject.toml` (Python 3.11 on has `tomllib`).
    /// - Throws: ``LiteLLMBuildError`` naming what is wrong with the tree.
    package static func source(at path: String, python: String) throws(LiteLLMBuildError) -> LiteLLMBuild {
        let root = absolute(path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder) else {
            throw .missing(path: path, option: "--litellm-source")
        }
        guard isFolder.boolValue else {
            throw .notSourceTree(path: path, reason: "it is a file, not a folder")
        }
        let (name, version) = try declaredNameAndVersion(of: root, shownAs: path, python: python)
        guard ProxyRequirements.normalized(name) == "litellm" else {
            throw .notLiteLLM(path: path, name: name)
        }
        let git = try gitState(of: root)
        return LiteLLMBuild(
            kind: .source, version: version, path: root, contentHash: try SourceTree.contentHash(of: root),
            gitCommit: git?.commit, gitDirty: git?.dirty)
    }

    /// Reads a wheel file: its name and version from the file name (as the wheel format defines it), and
    /// its SHA-256.
    ///
    /// - Throws: ``LiteLLMBuildError`` naming what is wrong with the file.
    package static func wheel(at path: String) throws(LiteLLMBuildError) -> LiteLLMBuild {
        let file = absolute(path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isFolder) else {
            throw .missing(path: path, option: "--litellm-wheel")
        }
        guard !isFolder.boolValue else {
            throw .notWheel(path: path, reason: "it is a folder (for a source tree use --litellm-source)")
        }
        // name-version(-build)?-python-abi-platform.whl
        let parts = (file as NSString).lastPathComponent.dropLast(".whl".count).split(separator: "-")
        guard file.hasSuffix(".whl"), parts.count == 5 || parts.count == 6 else {
            throw .notWheel(path: path, reason: "its name is not name-version-python-abi-platform.whl")
        }
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw .notWheel(path: path, reason: "it cannot be opened")
        }
        defer { try? handle.close() }
        var hash = SHA256()
        do {
            let head = try handle.read(upToCount: 1 << 20) ?? Data()
            // Every wheel is a zip archive, which starts with a local file header.
            guard head.starts(with: [0x50, 0x4b, 0x03, 0x04]) else {
                throw LiteLLMBuildError.notWheel(path: path, reason: "it is not a zip archive")
            }
            hash.update(head)
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hash.update(chunk) }
        } catch let error as LiteLLMBuildError {
            throw error
        } catch {
            throw .notWheel(path: path, reason: "it cannot be read: \(error.localizedDescription)")
        }
        guard ProxyRequirements.normalized(String(parts[0])) == "litellm" else {
            throw .notLiteLLM(path: path, name: String(parts[0]))
        }
        return LiteLLMBuild(kind: .wheel, version: String(parts[1]), path: file, sha256: hash.finalize())
    }

    /// Reads a patch to a release: the unified diff at `path`, its SHA-256 and the files it changes.
    ///
    /// - Parameters:
    ///   - release: The release it is applied to.
    ///   - path: The diff file; relative to the working folder.
    /// - Throws: ``LiteLLMBuildError`` naming what is wrong with the file.
    package static func patched(release: LiteLLMVersion, patch path: String) throws(LiteLLMBuildError)
        -> LiteLLMBuild
    {
        .release(release, patch: try readPatch(at: path).patch)
    }

    /// The patch at `path` (made absolute), with its text and what it changes.
    package static func readPatch(at path: String) throws(LiteLLMBuildError) -> (
        patch: Patch, text: Data, diff: UnifiedDiff
    ) {
        let file = absolute(path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isFolder) else {
            throw .missing(path: path, option: "--patch")
        }
        guard !isFolder.boolValue else { throw .notPatch(path: path, reason: "it is a folder") }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw .notPatch(path: path, reason: "it cannot be read: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .notPatch(path: path, reason: "it is not UTF-8 text")
        }
        let diff: UnifiedDiff
        do {
            diff = try UnifiedDiff(text: text)
        } catch {
            throw .notPatch(path: path, reason: error.reason)
        }
        var hash = SHA256()
        hash.update(data)
        return (Patch(path: file, sha256: hash.finalize(), files: diff.files.map(\.path)), data, diff)
    }

    /// The commit and state of the checkout at `root`, or nil when it is not the top of one.
    static func gitState(of root: String) throws(LiteLLMBuildError) -> (commit: String, dirty: Bool)? {
        guard FileManager.default.fileExists(atPath: root + "/.git") else { return nil }
        func git(_ arguments: [String]) throws(LiteLLMBuildError) -> String {
            let spec = ChildProcess.Spec("git", ["-C", root] + arguments)
            let result: (status: ChildProcess.ExitStatus, stdout: String)
            do {
                result = try ChildProcess.output(spec)
            } catch {
                throw .gitFailed(path: root, output: error.description)
            }
            guard result.status.isSuccess else {
                throw .gitFailed(path: root, output: "\(spec.commandLine) failed with \(result.status)")
            }
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let commit = try git(["rev-parse", "HEAD"])
        return (commit, !(try git(["status", "--porcelain"])).isEmpty)
    }

    /// Reads the distribution's name and version as its metadata declares them: `PKG-INFO` in a source
    /// distribution, else `pyproject.toml` (`[project]` or `[tool.poetry]`, as LiteLLM's checkouts have it).
    private static func declaredNameAndVersion(of root: String, shownAs path: String, python: String)
        throws(LiteLLMBuildError) -> (name: String, version: String)
    {
        let manager = FileManager.default
        guard
            manager.fileExists(atPath: root + "/PKG-INFO")
                || manager.fileExists(atPath: root + "/pyproject.toml")
        else {
            throw .notSourceTree(path: path, reason: "it has neither pyproject.toml nor PKG-INFO")
        }
        let result: (status: ChildProcess.ExitStatus, stdout: String)
        do {
            result = try ChildProcess.output(
                .init(python, ["-c", PythonScript.sourceTreeMetadata.text, root], log: .file("/dev/null")))
        } catch {
            throw .notSourceTree(path: path, reason: "its metadata cannot be read: \(error.description)")
        }
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard result.status.isSuccess, lines.count >= 2, !lines[0].isEmpty, !lines[1].isEmpty else {
            throw .notSourceTree(
                path: path,
                reason:
                    "neither PKG-INFO nor pyproject.toml ([project] or [tool.poetry]) declares a name and a"
                    + " version (\(python) needs tomllib, from Python 3.11)")
        }
        return (lines[0], lines[1])
    }

    /// `path` from the working folder, without `.` and `..` parts.
    private static func absolute(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let full =
            expanded.hasPrefix("/") ? expanded : FileManager.default.currentDirectoryPath + "/" + expanded
        return (full as NSString).standardizingPath
    }
}
