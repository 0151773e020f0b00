import Foundation
import Glibc
import LabProcesses
import LabRecords

extension LiteLLMInstaller {
    /// The file in a patched venv holding the diff that was applied to it.
    static let patchFile = "lab-patch.diff"

    /// Applies a patched release's diff to the files installed in the venv at `root`, before any start: the
    /// proxy's first start compiles the patched files with the rest.
    ///
    /// Installs are hard links into uv's cache, shared with every venv of the same package: each file the
    /// diff changes is made the venv's own copy first, so the release's other venvs stay as installed.
    ///
    /// - Throws: ``LiteLLMInstallError/patchDoesNotApply(patch:build:failures:log:)`` naming each file and hunk
    ///   that does not apply (nothing is changed then); ``LiteLLMInstallError/invalidBuild(_:)`` when the
    ///   file changed since the build was read.
    func applyPatch(of build: LiteLLMBuild, venv root: String, log: String, progress: (String) -> Void)
        throws(LiteLLMInstallError)
    {
        guard let patch = build.patch else { return }
        let read: (patch: LiteLLMBuild.Patch, text: Data, diff: UnifiedDiff)
        do {
            read = try LiteLLMBuild.readPatch(at: patch.path)
        } catch {
            throw .invalidBuild(error)
        }
        guard read.patch.sha256 == patch.sha256 else {
            throw .invalidBuild(
                .notPatch(
                    path: patch.path,
                    reason: "it changed since the build was read (sha256 \(patch.sha256.prefix(12)), now"
                        + " \(read.patch.sha256.prefix(12))): run again"))
        }
        let copy = root + "/" + Self.patchFile
        do {
            try read.text.write(to: URL(fileURLWithPath: copy))
        } catch {
            throw .cacheUnusable(path: copy, reason: "cannot copy the patch: \(error.localizedDescription)")
        }
        let packageRoot = try Self.sitePackages(of: root)
        progress("applying \(patch.description) to \(packageRoot)")
        try Self.apply(
            diffFile: copy, diff: read.diff, to: packageRoot, naming: patch.fileName,
            build: build.unpatched.name,
            log: log)
    }

    /// Applies the unified diff in `diffFile` to the files under `folder` with `git apply`: strictly (every
    /// context line must match, no fuzz) and all or nothing, after making each file it changes `folder`'s
    /// own copy.
    ///
    /// - Parameters:
    ///   - diff: `diffFile` as read, to name a failing hunk and find the files it changes.
    ///   - naming: The patch's name in messages.
    ///   - build: The build's name in messages.
    /// - Throws: ``LiteLLMInstallError/patchDoesNotApply(patch:build:failures:log:)`` with each file and hunk
    ///   git refused; ``LiteLLMInstallError/toolMissing(name:neededFor:)`` without git.
    static func apply(
        diffFile: String, diff: UnifiedDiff, to folder: String, naming patch: String, build: String,
        log: String
    ) throws(LiteLLMInstallError) {
        for file in diff.files {
            guard let old = file.oldPath else { continue }
            try ownCopy(of: folder + "/" + old)
        }
        var environment = ProcessInfo.processInfo.environment
        // Outside any repository, git apply patches the working folder as patch(1) does; inside one it would
        // take paths from that repository's root, so it must not find one above the package folder.
        environment["GIT_CEILING_DIRECTORIES"] = (folder as NSString).deletingLastPathComponent
        let spec = ChildProcess.Spec(
            "git", ["apply", "--verbose", "-p1", diffFile], environment: environment,
            workingDirectory: folder,
            log: .file(log), ownProcessGroup: true)
        LogFile.append("$ (cd \(folder) && \(spec.commandLine))", to: log)
        let start = LogFile.size(log)
        let status: ChildProcess.ExitStatus
        do {
            status = try ChildProcess.run(spec)
        } catch .executableNotFound {
            throw .toolMissing(name: "git", neededFor: "--patch (git apply applies it)")
        } catch {
            throw .cannotRun(error)
        }
        guard status.isSuccess else {
            throw .patchDoesNotApply(
                patch: patch, build: build, failures: failures(in: LogFile.text(log, from: start), of: diff),
                log: log)
        }
    }

    /// What git said went wrong, one line per file and hunk: `litellm/router.py, hunk 2 (@@ -120,7 +120,9 @@):
    /// its lines are not there`.
    static func failures(in output: String, of diff: UnifiedDiff) -> [String] {
        let errors = output.split(separator: "\n").map(String.init).filter { $0.hasPrefix("error: ") }
        var failures: [String] = []
        var named: Set<String> = []
        for line in errors {
            let message = String(line.dropFirst("error: ".count))
            if message.hasPrefix("patch failed: "), let colon = message.lastIndex(of: ":"),
                let number = Int(message[message.index(after: colon)...])
            {
                let path = String(message.dropFirst("patch failed: ".count)[..<colon])
                named.insert(path)
                if let (index, hunk) = diff.hunk(of: path, startingAt: number) {
                    failures.append(
                        "\(path), hunk \(index) (\(hunk.ranges)): its context and removed lines are not there"
                    )
                } else {
                    failures.append("\(path), the hunk at line \(number): its lines are not there")
                }
            } else if message.hasSuffix(": patch does not apply"),
                named.contains(String(message.dropLast(": patch does not apply".count)))
            {
                continue
            } else if message != "while searching for:" {
                failures.append(message)
            }
        }
        return failures.isEmpty ? ["git apply refused it without saying why"] : failures
    }

    /// The venv's `site-packages`, where the release's files are (`lib/python3.X/site-packages`).
    static func sitePackages(of root: String) throws(LiteLLMInstallError) -> String {
        let lib = root + "/lib"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: lib)) ?? []
        guard
            let folder = versions.sorted().map({ "\(lib)/\($0)/site-packages" }).first(where: {
                FileManager.default.fileExists(atPath: $0 + "/litellm")
            })
        else {
            throw .cacheUnusable(path: lib, reason: "no python3.X/site-packages/litellm in the venv to patch")
        }
        return folder
    }

    /// Makes the file at `path` a file of its own: a hard link (what uv installs) is replaced by a copy, so
    /// changing it changes no other venv, nor uv's cache.
    static func ownCopy(of path: String) throws(LiteLLMInstallError) {
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_nlink > 1 else {
            return
        }
        let copy = path + ".lab-own-copy"
        do {
            try? FileManager.default.removeItem(atPath: copy)
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            chmod(copy, status.st_mode & 0o7777)
            guard rename(copy, path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        } catch {
            try? FileManager.default.removeItem(atPath: copy)
            throw .cacheUnusable(
                path: path, reason: "cannot make the file the venv's own before patching: \(error)")
        }
    }
}
