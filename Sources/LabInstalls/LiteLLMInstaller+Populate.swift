import Foundation
import LabCore
import LabRecords

extension LiteLLMInstaller {
    /// The file in a venv holding its overrides, one a line, as given to uv's `--override`.
    static let overridesFile = "lab-overrides.txt"
    /// The file in a venv holding a copy of the constraints file it was installed with.
    static let constraintsFile = "lab-constraints.txt"
    /// The file in a venv holding its ``InstallRecord``.
    static let recordFile = "lab-install.json"
    /// The file in a venv holding its installed packages as `name==version` lines.
    static let freezeFile = "lab-freeze.txt"

    /// The file in a venv holding the lock it was installed from.
    static let lockFile = "lab-lock.txt"

    /// Creates the venv at `root`, installs exactly `lock` into it, checks it holds the lock's packages, and
    /// records what it got.
    func populate(
        _ root: String, build: LiteLLMBuild, dependencies: LiteLLMDependencies, lock: LiteLLMLock,
        log: String,
        progress: (String) -> Void
    ) throws(LiteLLMInstallError) {
        let started = LabClock.monotonicNanoseconds()
        let uv: UvTool?
        var note: String?
        do {
            uv = try prepareUv(log: log, progress: progress)
        } catch .uvUnavailable(let reason, _) {
            note = "uv could not be installed: \(reason)"
            progress("\(note ?? ""); installing the lock with pip instead (slower)")
            uv = nil
        }
        if let uv {
            try createVenv(at: root, with: uv, log: log)
        } else {
            try createVenvWithPip(at: root, log: log)
        }
        try installLock(lock, with: uv, into: root, log: log)
        guard FileManager.default.isExecutableFile(atPath: root + "/bin/litellm") else {
            throw .litellmMissing(venv: root, log: log)
        }
        try applyPatch(of: build, venv: root, log: log, progress: progress)

        let inspection = try inspect(python: root + "/bin/python", log: log)
        let mismatches = lock.mismatches(inFreeze: inspection.freezeText)
        guard mismatches.isEmpty else { throw .lockNotInstalled(venv: root, problems: mismatches, log: log) }
        let keyPackages = LiteLLMDependencies.keyPackages(
            inFreeze: inspection.freezeText, overriding: dependencies.overrides)
        // A release is installed by its pin; a tree or wheel must install the version it was named by.
        if build.kind != .release, keyPackages["litellm"] != build.version {
            throw .versionMismatch(build: build.description, installed: keyPackages["litellm"], log: log)
        }
        let installer: String
        if let uv {
            installer = uv.version
        } else {
            installer = Self.nameAndVersion(
                try Self.captureOutput(
                    .init(root + "/bin/pip", ["--version", "--disable-pip-version-check"], log: .file(log))))
        }
        let record = InstallRecord(
            litellm: build.version, build: build, installer: installer, installerNote: note,
            overrides: dependencies.overrides, resolveAsOf: dependencies.resolveAsOf,
            constraintsFile: dependencies.constraintsFile, constraintsHash: try constraintsHash(dependencies),
            brokenConstraints: inspection.broken?.map(\.description),
            uncheckedReason: inspection.uncheckedReason,
            keyPackages: keyPackages, venv: root, lock: InstallRecord.Lock(lock))
        progress(
            "installed with \(installer) in \(Format.seconds(Double(LabClock.monotonicNanoseconds() - started) / 1e9))"
        )
        do {
            try inspection.freezeText.write(
                toFile: root + "/" + Self.freezeFile, atomically: true, encoding: .utf8)
            try JSONCoding.write(record, to: root + "/" + Self.recordFile)
        } catch {
            throw .cacheUnusable(
                path: root, reason: "cannot write the install record: \(error.localizedDescription)")
        }
    }

    /// Runs the venv inspection (``PythonScript/venvInspection``) with the venv's Python.
    func inspect(python: String, log: String) throws(LiteLLMInstallError) -> VenvInspection {
        let output = try Self.captureOutput(
            .init(python, ["-c", PythonScript.venvInspection.text], log: .file(log)))
        do {
            return try VenvInspection(scriptOutput: output)
        } catch {
            throw .stepFailed(
                step: "\(python) -c <inspection script>", status: .exited(0), log: log,
                logTail: "unreadable output: \(output.prefix(500))")
        }
    }

    /// `uv 0.13.9` from `uv 0.13.9 (x86_64-unknown-linux-gnu)`, `pip 23.2.1` from `pip 23.2.1 from ...`.
    static func nameAndVersion(_ output: String) -> String {
        output.split(whereSeparator: \.isWhitespace).prefix(2).joined(separator: " ")
    }

    /// Writes the overrides and a copy of the constraints into the folder `root`, where uv reads them.
    func writeFiles(of dependencies: LiteLLMDependencies, into root: String)
        throws(LiteLLMInstallError)
    {
        let constraints = try constraints(dependencies)
        do {
            if !dependencies.overrides.isEmpty {
                try dependencies.overrides.map { $0 + "\n" }.joined().write(
                    toFile: root + "/" + Self.overridesFile, atomically: true, encoding: .utf8)
            }
            try constraints?.write(
                toFile: root + "/" + Self.constraintsFile, atomically: true, encoding: .utf8)
        } catch {
            throw .cacheUnusable(
                path: root, reason: "cannot write the requirement files: \(error.localizedDescription)")
        }
    }
}
