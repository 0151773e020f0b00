import Foundation
import LabCore
import LabProcesses
import LabRecords

extension LiteLLMInstaller {
    /// The lock an install of `build` with `dependencies` installs exactly, in this order: `--lock FILE`; the
    /// committed lock of a release asked for with no dependency choices; a resolution made earlier with the
    /// same inputs (kept in `<cacheRoot>/locks/`); or, when `resolving`, a new resolution by uv.
    ///
    /// A new resolution is as of `--resolve-as-of` (a day, `release`, `today`), else as of the day of the
    /// committed lock of the build's version (so `--pip` on a locked release, or a source tree of it, moves
    /// only what it changes), else, for a release, as of the committed locks' day (so a bisect's releases get the
    /// packages its ends were measured with, on any day), or its upload day when it was not published by then,
    /// else (a tree or wheel of another version) today.
    ///
    /// - Returns: The lock, or nil when none is known and `resolving` is false.
    /// - Throws: ``LiteLLMInstallError`` when a lock cannot be read or a resolution fails.
    package func lock(
        for build: LiteLLMBuild, dependencies: LiteLLMDependencies, resolving: Bool = true, log: String,
        progress: (String) -> Void
    ) throws(LiteLLMInstallError) -> LiteLLMLock? {
        // A patch changes files, not dependencies: a patched release installs the release's lock.
        let build = build.unpatched
        if let file = dependencies.lockFile {
            let lock = try readLock(file)
            let locked = lock.pins["litellm"]
            // A tree or wheel is locked by its file URL, a release by its version.
            if build.kind == .release, locked != build.version {
                throw .lock(.otherBuild(path: file, locked: locked, asked: "litellm \(build.version)"))
            }
            return lock
        }
        // A tree or wheel of a locked release is resolved as of that lock's day, as its overrides are.
        let committed = committedLock(version: build.version)
        if let committed, build.kind == .release, dependencies.isEmpty {
            // Named as the checkout names it, so a report reads the same on every machine.
            var lock = try readLock(committed)
            lock.path = "locks/" + (committed as NSString).lastPathComponent
            return lock
        }
        let committedDay = committed.flatMap { try? LiteLLMLock(contentsOf: $0) }?.resolvedDay
        if let asked = dependencies.resolveAsOf ?? committedDay {
            return try resolvedLock(
                build, dependencies: dependencies, asOf: asked, resolving: resolving, log: log,
                progress: progress)
        }
        guard build.kind == .release, let locksDay = committedLocksDay else {
            return try resolvedLock(
                build, dependencies: dependencies, asOf: "today", resolving: resolving, log: log,
                progress: progress)
        }
        do {
            return try resolvedLock(
                build, dependencies: dependencies, asOf: locksDay, resolving: resolving, log: log,
                progress: progress)
        } catch .notOnPyPI(let version, let resolutionLog) {
            // Not published by the locks' day (a newer release, or a later fix of an older line): as of its own
            // upload day, when the index has one.
            guard
                let uploaded = try? resolutionDay(
                    "release", build: build, log: log, progress: progress, resolving: resolving),
                uploaded.day > locksDay
            else { throw .notOnPyPI(version: version, log: resolutionLog) }
            progress("LiteLLM \(build.name) was published after the committed locks' day, \(locksDay)")
            return try resolvedLock(
                build, dependencies: dependencies, asOf: "release", resolving: resolving, log: log,
                progress: progress)
        }
    }

    /// The lock of `build` with `dependencies` resolved as of `asked` (a day, `release`, `today`): the one kept
    /// from an earlier resolution, else a new one (nil when not `resolving`).
    private func resolvedLock(
        _ build: LiteLLMBuild, dependencies: LiteLLMDependencies, asOf asked: String, resolving: Bool,
        log: String,
        progress: (String) -> Void
    ) throws(LiteLLMInstallError) -> LiteLLMLock? {
        let asOf = try resolutionDay(asked, build: build, log: log, progress: progress, resolving: resolving)
        guard let asOf else { return nil }
        let cached = try cachedLockPath(build: build, dependencies: dependencies, asOf: asOf)
        if FileManager.default.fileExists(atPath: cached) {
            let lock = try readLock(cached)
            // A lock resolved before its day was over may miss that day's later uploads: reused that day, and
            // resolved anew once the day is over.
            let partial = (lock.fields["resolved-on"] ?? "") <= asOf.day && asOf.day < Self.today
            if !partial { return lock }
        }
        guard resolving else { return nil }
        progress(
            "resolving LiteLLM \(build.name)'s dependencies as of \(asOf.description) (the lock: \(cached))")
        let lock = try resolve(build, dependencies: dependencies, asOf: asOf, log: log, progress: progress)
        do {
            try FileManager.default.createDirectory(
                atPath: (cached as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try lock.text.write(toFile: cached, atomically: true, encoding: .utf8)
        } catch {
            throw .cacheUnusable(path: cached, reason: "cannot write the lock: \(error.localizedDescription)")
        }
        var written = lock
        written.path = cached
        return written
    }

    /// The newest day the committed locks were resolved as of (they are resolved together); nil without any.
    var committedLocksDay: String? {
        guard let locksFolder, let files = try? FileManager.default.contentsOfDirectory(atPath: locksFolder)
        else {
            return nil
        }
        return files.filter { $0.hasPrefix("litellm-") && $0.hasSuffix(".txt") }
            .compactMap { try? LiteLLMLock(contentsOf: locksFolder + "/" + $0).resolvedDay }.max()
    }

    /// The committed lock of release `version` (`<locksFolder>/litellm-<version>.txt`), if there is one.
    func committedLock(version: String) -> String? {
        guard let locksFolder else { return nil }
        let path = "\(locksFolder)/litellm-\(version).txt"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// The folder of committed locks: `$LAB_LOCKS_DIR`, else the `locks` folder of the checkout the running
    /// `lab` was built in (found upwards from the executable's own file, wherever it was started from and
    /// however: by name on `PATH` too), else `./locks`; nil when none exists.
    static func defaultLocksFolder(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: String = OwnExecutable.path
    ) -> String? {
        if let folder = environment["LAB_LOCKS_DIR"], !folder.isEmpty { return folder }
        var folder = URL(fileURLWithPath: executable).standardizedFileURL.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("locks").path
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path),
                FileManager.default.fileExists(atPath: candidate)
            {
                return candidate
            }
            folder.deleteLastPathComponent()
        }
        return FileManager.default.fileExists(atPath: "locks") ? "locks" : nil
    }

    private func readLock(_ path: String) throws(LiteLLMInstallError) -> LiteLLMLock {
        do {
            return try LiteLLMLock(contentsOf: path)
        } catch {
            throw .lock(error)
        }
    }

    /// The day a resolution is made as of, and the uploads it excludes.
    package struct ResolutionDay: Sendable, Equatable, CustomStringConvertible {
        /// What was asked: `2026-12-01`, `release`, `today`.
        var asked: String
        /// The UTC day whose uploads are the last included.
        var day: String
        /// uv's `--exclude-newer`: the start of the next UTC day; nil for today (nothing excluded).
        var excludeNewer: String?

        /// `2026-12-01`, `release (2025-02-27)`, `today (2026-12-07)`.
        package var description: String { asked == day ? day : "\(asked) (\(day))" }
    }

    /// Today's UTC day, `YYYY-MM-DD`.
    static var today: String { LiteLLMDependencies.day(of: Date()) }

    /// What `asked` (`YYYY-MM-DD`, `release`, `today`) means for `build`; `release` asks the index for the
    /// release's upload time (nil when not `resolving`, since that asks the network).
    func resolutionDay(
        _ asked: String, build: LiteLLMBuild, log: String, progress: (String) -> Void, resolving: Bool
    ) throws(LiteLLMInstallError) -> ResolutionDay? {
        switch asked {
        case "today":
            return ResolutionDay(asked: asked, day: Self.today, excludeNewer: nil)
        case "release":
            guard build.kind == .release else {
                throw .lock(
                    .unreadable(
                        path: build.name,
                        reason: "--resolve-as-of release needs a release; a tree or wheel has no upload day"))
            }
            let cached = cacheRoot + "/locks/upload-day-litellm-\(build.version)"
            if let day = try? String(contentsOfFile: cached, encoding: .utf8) {
                return .init(asked: asked, day: day, excludeNewer: LiteLLMDependencies.dayAfter(day))
            }
            guard resolving else { return nil }
            let day = try releaseUploadDay(version: build.version, log: log, progress: progress)
            try? day.write(toFile: cached, atomically: true, encoding: .utf8)
            return .init(asked: asked, day: day, excludeNewer: LiteLLMDependencies.dayAfter(day))
        default:
            return .init(asked: asked, day: asked, excludeNewer: LiteLLMDependencies.dayAfter(asked))
        }
    }

    /// Where the resolution of `build` with `dependencies` as of `asOf` is kept: one file per inputs.
    func cachedLockPath(build: LiteLLMBuild, dependencies: LiteLLMDependencies, asOf: ResolutionDay)
        throws(LiteLLMInstallError) -> String
    {
        let key =
            dependencies.overrides + ["as-of=\(asOf.day)"]
            + (try constraintsHash(dependencies).map { ["--constraints=\($0)"] } ?? [])
        return "\(cacheRoot)/locks/\(build.venvName)-\(Self.shortHash(key.joined(separator: "\n"))).txt"
    }

    /// The day (UTC) the newest file of LiteLLM `version` was uploaded to the index the machine's pip uses,
    /// read from the index's own metadata (PEP 691 JSON with PEP 700 upload times).
    private func releaseUploadDay(version: String, log: String, progress: (String) -> Void)
        throws(LiteLLMInstallError) -> String
    {
        let uv = try prepareUv(log: log, progress: progress)
        let output = try Self.captureOutput(
            .init(
                uv.python, ["-c", PythonScript.indexUploadTime.text, "litellm", version],
                environment: uv.environment,
                log: .file(log)))
        let timestamp = output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard timestamp.count >= 10 else {
            throw .stepFailed(
                step: "reading litellm \(version)'s upload time from the index", status: .exited(0), log: log,
                logTail: "the index gave no upload time: \(timestamp)")
        }
        return String(timestamp.prefix(10))
    }

    /// Resolves `build` with `dependencies` as of `asOf` with uv, into a lock.
    private func resolve(
        _ build: LiteLLMBuild, dependencies: LiteLLMDependencies, asOf: ResolutionDay, log: String,
        progress: (String) -> Void
    ) throws(LiteLLMInstallError) -> LiteLLMLock {
        let uv: UvTool
        do {
            uv = try prepareUv(log: log, progress: progress)
        } catch .uvUnavailable(let reason, _) {
            throw .uvUnavailable(
                reason: reason, neededFor: "resolving LiteLLM \(build.name)'s dependencies (no lock for it)")
        }
        let scratch = try scratchFolder("resolve")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try writeFiles(of: dependencies, into: scratch)
        let options =
            Self.uvOptions(dependencies, root: scratch)
            + (asOf.excludeNewer.map { ["--exclude-newer", $0] } ?? [])
        let compile = {
            (requirements: [String]) throws(LiteLLMInstallError) -> (ChildProcess.ExitStatus, UInt64) in
            try self.write(requirements.joined(separator: "\n") + "\n", to: scratch + "/requirements.in")
            return try self.runLogged(
                .init(
                    uv.executable,
                    [
                        "pip", "compile", "--python", self.python, "--generate-hashes", "--no-header",
                        "--no-annotate",
                    ]
                        + options + [scratch + "/requirements.in", "-o", scratch + "/lock.txt"],
                    environment: uv.environment), log: log)
        }
        var requirements = [build.requirement(withProxyExtra: true)] + dependencies.overrides
        var (status, start) = try compile(requirements)
        if !status.isSuccess {
            switch Self.unavailable(in: LogFile.text(log, from: start), overrides: dependencies.overrides) {
            case .companions:
                let plain = build.requirement(withProxyExtra: false)
                progress(
                    "\(build.requirement(withProxyExtra: true)) names packages the index does not serve here:"
                        + " resolving \(plain) plus the proxy extra's installable requirements")
                let extra = ProxyRequirements.installable(
                    fromRequiresDist: try requiresDist(
                        of: build, uv: uv, options: options, in: scratch, log: log))
                LogFile.append("# proxy requirements: \(extra.joined(separator: " | "))", to: log)
                requirements = [plain] + extra + dependencies.overrides
                (status, start) = try compile(requirements)
            case .litellm where build.kind == .release: throw .notOnPyPI(version: build.version, log: log)
            case .requirement(let requirement):
                throw .requirementUnavailable(requirement: requirement, log: log)
            case .litellm, nil: break
            }
        }
        guard status.isSuccess else {
            switch Self.unavailable(in: LogFile.text(log, from: start), overrides: dependencies.overrides) {
            case .requirement(let requirement):
                throw .requirementUnavailable(requirement: requirement, log: log)
            default:
                throw .stepFailed(
                    step: "uv pip compile", status: status, log: log,
                    logTail: LogFile.tail(log, lines: 8, from: start))
            }
        }
        let resolved: String
        do {
            resolved = try String(contentsOfFile: scratch + "/lock.txt", encoding: .utf8)
        } catch {
            throw .cacheUnusable(path: scratch, reason: "uv wrote no lock: \(error.localizedDescription)")
        }
        var fields: [(String, String)] = [("build", build.requirement(withProxyExtra: true))]
        if !dependencies.overrides.isEmpty {
            fields.append(("overrides", dependencies.overrides.joined(separator: " ")))
        }
        if let hash = try constraintsHash(dependencies) { fields.append(("constraints", hash)) }
        fields += [
            ("resolved-as-of", asOf.description), ("resolved-on", Self.today),
            ("python", try pythonVersion(log: log)), ("resolver", uv.version),
        ]
        do {
            return try LiteLLMLock(fields: fields, requirements: resolved)
        } catch {
            throw .lock(error)
        }
    }

    /// The `Requires-Dist` of LiteLLM `build`'s own metadata, read from a scratch venv it is installed into
    /// without dependencies.
    private func requiresDist(
        of build: LiteLLMBuild, uv: UvTool, options: [String], in scratch: String, log: String
    ) throws(LiteLLMInstallError) -> [String] {
        let venv = scratch + "/metadata-venv"
        try createVenv(at: venv, with: uv, log: log)
        try runStep(
            .init(
                uv.executable,
                ["pip", "install", "--python", venv + "/bin/python", "--no-deps"] + options
                    + [build.requirement(withProxyExtra: false)], environment: uv.environment), log: log)
        let script = "import importlib.metadata as m; print('\\n'.join(m.requires('litellm') or []))"
        let output = try Self.captureOutput(.init(venv + "/bin/python", ["-c", script], log: .file(log)))
        return output.split(separator: "\n").map(String.init)
    }

    /// `3.11`: the Python the venvs are made from, which a lock's wheels were chosen for.
    private func pythonVersion(log: String) throws(LiteLLMInstallError) -> String {
        let script = "import sys; print('%d.%d' % sys.version_info[:2])"
        do {
            return try Self.captureOutput(.init(python, ["-c", script], log: .file(log)))
                .trimmingCharacters(in: .whitespacesAndNewlines)
        } catch .cannotRun(.executableNotFound(let name, let searchPath)) {
            throw .pythonNotFound(name: name, searchPath: searchPath)
        }
    }

    /// A new empty folder under `<cacheRoot>/tmp`.
    func scratchFolder(_ name: String) throws(LiteLLMInstallError) -> String {
        let path = "\(cacheRoot)/tmp/\(name)-\(getpid())-\(UInt32.random(in: .min ... .max))"
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .cacheUnusable(path: path, reason: error.localizedDescription)
        }
        return path
    }

    /// Writes `text` to `path`, as a cache error when it cannot.
    func write(_ text: String, to path: String) throws(LiteLLMInstallError) {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw .cacheUnusable(path: path, reason: error.localizedDescription)
        }
    }
}
