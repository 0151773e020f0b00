import Foundation
import LabRecords

/// Installs the real LiteLLM proxy (a release from PyPI, a source tree or a wheel) into cached virtual
/// environments.
///
/// Every install is of a lock (``LiteLLMLock``): the full resolution, committed for the releases the lab
/// names, resolved once by uv otherwise. One venv per build and lock, under `<cacheRoot>/installs/`,
/// reused by later runs. uv installs (pip installs a lock when uv cannot be installed). A venv counts as
/// ready only once its marker file exists, written last, so an
/// interrupted install is removed and redone. An exclusive `flock` per venv keeps two labs from
/// installing the same one at once.
///
/// ```swift
/// let installer = LiteLLMInstaller()
/// let venv = try installer.ensure(build: .release(try LiteLLMVersion("1.61.20")), log: "run/install.log") {
///     print($0)
/// }
/// ```
package struct LiteLLMInstaller: Sendable {
    /// The cache folder; venvs live in its `venvs/` subfolder.
    package var cacheRoot: String
    /// The Python interpreter that creates venvs: a path or a name looked up in `PATH`.
    package var python: String
    /// The folder of committed locks (``defaultLocksFolder(environment:executable:)``); nil for none.
    var locksFolder: String?
    /// Handed the installers' own progress lines (uv's, pip's) as they come, besides the log: what is
    /// being resolved, downloaded and installed now. Package lists (`+ name==version`) are left out.
    package var installerLines: (@Sendable (String) -> Void)?

    /// The name of the file whose presence marks a venv as completely installed.
    static let readyMarker = ".lab-ready"

    /// Creates an installer.
    ///
    /// - Parameters:
    ///   - cacheRoot: The cache folder; ``defaultCacheRoot(environment:)`` by default.
    ///   - python: The interpreter that creates venvs; `python3` by default.
    ///   - locksFolder: The committed locks; ``defaultLocksFolder(environment:executable:)`` by default.
    package init(
        cacheRoot: String = LiteLLMInstaller.defaultCacheRoot(), python: String = "python3",
        locksFolder: String? = LiteLLMInstaller.defaultLocksFolder()
    ) {
        self.cacheRoot = cacheRoot
        self.python = python
        self.locksFolder = locksFolder
    }

    /// `$LAB_CACHE_DIR`, else `$XDG_CACHE_HOME/litellm-leak-lab`, else `$HOME/.cache/litellm-leak-lab`.
    ///
    /// Empty variables count as unset, as the shell's `${VAR:-default}` has it.
    static func defaultCacheRoot(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String
    {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let root = value("LAB_CACHE_DIR") { return root }
        let cache = value("XDG_CACHE_HOME") ?? (value("HOME") ?? NSHomeDirectory()) + "/.cache"
        return cache + "/litellm-leak-lab"
    }

    /// Where the venv installed from `lock` for `build` lives: `installs/<build's venv name>-<lock's SHA-256>`,
    /// so one lock gives one venv, whatever day or options produced it (a patched release's venv name holds
    /// its patch's SHA-256 too, so the release's own venv is never patched).
    func venvDirectory(build: LiteLLMBuild, lock: LiteLLMLock) -> String {
        "\(cacheRoot)/installs/\(build.venvName)-\(lock.sha256.prefix(16))"
    }

    /// The key of an install request (build and dependency choices): what installs ahead claim, since the
    /// lock, and so the venv, may be known only once resolved.
    ///
    /// - Throws: ``LiteLLMInstallError/unreadableConstraints(path:reason:)`` when the constraints file
    ///   cannot be read.
    package func installKey(build: LiteLLMBuild, dependencies: LiteLLMDependencies = .init())
        throws(LiteLLMInstallError) -> String
    {
        let key =
            dependencies.overrides + (dependencies.resolveAsOf.map { ["--resolve-as-of=\($0)"] } ?? [])
            + (try constraintsHash(dependencies).map { ["--constraints=\($0)"] } ?? [])
            + (dependencies.lockFile.map { ["--lock=\($0)"] } ?? [])
        return build.venvName + (key.isEmpty ? "" : "-" + Self.shortHash(key.joined(separator: "\n")))
    }

    /// Makes sure a venv with LiteLLM `build` (and its proxy extra) and `dependencies` is installed, exactly
    /// as its lock (``lock(for:dependencies:resolving:log:progress:)``) says.
    ///
    /// With uv (installed once into `<cacheRoot>/tools/`) a first install takes seconds; later runs return at
    /// once.
    ///
    /// - Parameters:
    ///   - build: The LiteLLM build; refused releases throw before anything is installed.
    ///   - dependencies: Overrides, resolution day, constraints or a lock on top of LiteLLM's own metadata.
    ///   - log: The file the installers' output is appended to.
    ///   - progress: Receives short lines on what happens, for the user.
    /// - Returns: The ready venv.
    /// - Throws: ``LiteLLMInstallError`` saying what failed and where the log is.
    package func ensure(
        build: LiteLLMBuild, dependencies: LiteLLMDependencies = .init(), log: String,
        progress: (String) -> Void
    ) throws(LiteLLMInstallError) -> LiteLLMVenv {
        try Self.check(build, dependencies)
        let lock = try lockOrFail(build, dependencies, log: log, progress: progress)
        let root = venvDirectory(build: build, lock: lock)
        try prepareVenv(
            at: root, log: log, progress: progress,
            announcement:
                "installing LiteLLM \(build.name) from \(lock.summary) into \(root) (first run only)"
        ) { () throws(LiteLLMInstallError) in
            try populate(
                root, build: build, dependencies: dependencies, lock: lock, log: log, progress: progress)
        }
        return LiteLLMVenv(root: root, build: build, dependencies: dependencies)
    }

    /// Installs LiteLLM `build` with `dependencies` into a new venv at `root` (not in the cache), by the
    /// same rules as ``ensure(build:dependencies:log:progress:)``: what the LiteLLM image build runs.
    ///
    /// - Throws: ``LiteLLMInstallError``; a refused release before anything is installed.
    package func install(
        build: LiteLLMBuild, dependencies: LiteLLMDependencies = .init(), into root: String, log: String,
        progress: (String) -> Void
    ) throws(LiteLLMInstallError) -> LiteLLMVenv {
        try Self.check(build, dependencies)
        let lock = try lockOrFail(build, dependencies, log: log, progress: progress)
        progress("installing LiteLLM \(build.name) from \(lock.summary)")
        try populate(root, build: build, dependencies: dependencies, lock: lock, log: log, progress: progress)
        return LiteLLMVenv(root: root, build: build, dependencies: dependencies)
    }

    /// The lock to install, resolving one when needed.
    private func lockOrFail(
        _ build: LiteLLMBuild, _ dependencies: LiteLLMDependencies, log: String, progress: (String) -> Void
    ) throws(LiteLLMInstallError) -> LiteLLMLock {
        guard let lock = try lock(for: build, dependencies: dependencies, log: log, progress: progress) else {
            throw .lock(.pinsNothing(path: "the resolution of \(build.name)"))
        }
        return lock
    }

    /// Refuses compromised releases and overrides that look like pip options, before anything is installed.
    private static func check(_ build: LiteLLMBuild, _ dependencies: LiteLLMDependencies)
        throws(LiteLLMInstallError)
    {
        if let refusal = build.release?.refusal { throw .refused(refusal) }
        if let option = dependencies.overrides.first(where: {
            $0.hasPrefix("-") || $0.trimmingCharacters(in: .whitespaces).isEmpty
        }) {
            throw .invalidPin(option)
        }
    }

    /// Whether the venv for `build` and `dependencies` is installed and ready, without installing or
    /// resolving anything (a build whose lock is not known yet is not ready).
    package func isReady(build: LiteLLMBuild, dependencies: LiteLLMDependencies = .init())
        throws(LiteLLMInstallError) -> Bool
    {
        let known = try lock(
            for: build, dependencies: dependencies, resolving: false, log: "/dev/null", progress: { _ in })
        guard let lock = known else { return false }
        return FileManager.default.fileExists(
            atPath: venvDirectory(build: build, lock: lock) + "/" + Self.readyMarker)
    }

    /// A stable 8-hex-digit FNV-1a hash (Swift's `Hasher` is seeded per process, so unusable for
    /// names that must be the same in every run).
    static func shortHash(_ text: String) -> String {
        String(hash(text).prefix(8))
    }

    /// The 16-hex-digit FNV-1a hash of `text`.
    static func hash(_ text: String) -> String {
        let hash = text.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16).leftPadded(to: 16)
    }

    /// The constraints file's content, or nil when there is none.
    func constraints(_ dependencies: LiteLLMDependencies) throws(LiteLLMInstallError) -> String? {
        guard let path = dependencies.constraintsFile else { return nil }
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadableConstraints(path: path, reason: error.localizedDescription)
        }
    }

    /// ``hash(_:)`` of the constraints file's content, or nil when there is none.
    func constraintsHash(_ dependencies: LiteLLMDependencies) throws(LiteLLMInstallError) -> String? {
        try constraints(dependencies).map(Self.hash)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
