/// How a LiteLLM venv was installed and what came of it: `install-record.json` in every run folder.
///
/// Written into the venv when it is installed and copied into each run that uses it, so a verdict
/// always names the installer, the overrides and the declared constraints they broke.
package struct InstallRecord: Codable, Sendable, Equatable {
    /// The LiteLLM version installed, e.g. `1.61.20`.
    package var litellm: String
    /// The build installed: a release, or a source tree or wheel with its digest (and git state); nil in
    /// records from before builds, which were all releases (see ``identity``).
    package var build: LiteLLMBuild?
    /// What installed it: `uv 0.13.9`, or `pip 23.2.1` when uv could not be installed.
    package var installer: String
    /// Why pip installed it rather than uv, when it did.
    package var installerNote: String?
    /// Requirements that won over LiteLLM's metadata (`--pip`).
    package var overrides: [String]
    /// The day dependencies were resolved as of (`--resolve-as-of`), if any.
    package var resolveAsOf: String?
    /// The constraints file given (`--constraints`), as given.
    package var constraintsFile: String?
    /// A 16-hex-digit FNV-1a hash of that file's content when installed.
    package var constraintsHash: String?
    /// Declared requirements the installed set breaks, e.g.
    /// `litellm 1.61.20 requires uvicorn<0.30.0,>=0.29.0 (extra proxy); installed 0.32.1`;
    /// nil when they could not be checked.
    package var brokenConstraints: [String]?
    /// Why they could not be checked, when they could not.
    package var uncheckedReason: String?
    /// Installed versions of the packages that decide this bug's behaviour, and of every override.
    package var keyPackages: [String: String]
    /// The venv's folder.
    package var venv: String
    /// The lock it was installed from; nil in records from before locks.
    package var lock: Lock?

    /// Which lock an install came from: what makes it the same packages on any machine, any day.
    package struct Lock: Codable, Sendable, Equatable {
        /// The file it was read from: a committed lock (`locks/litellm-1.61.20.txt`), `--lock`, or the cache.
        package var path: String?
        /// The SHA-256 of its text.
        package var sha256: String
        /// What it was resolved as of: a day, `release (<day>)`, `today (<day>)`.
        package var resolvedAsOf: String
        /// The day it was resolved on.
        var resolvedOn: String?

        /// The record of `lock`.
        package init(_ lock: LiteLLMLock) {
            path = lock.path
            sha256 = lock.sha256
            resolvedAsOf = lock.resolvedAsOf
            resolvedOn = lock.fields["resolved-on"]
        }

        /// `locks/litellm-1.61.20.txt (sha256 1a2b3c4d5e6f, resolved as of 2026-12-01)`.
        package var summary: String {
            "\(path ?? "a lock") (sha256 \(sha256.prefix(12)), resolved as of \(resolvedAsOf))"
        }
    }

    /// A record; see the properties for meanings.
    package init(
        litellm: String, build: LiteLLMBuild?, installer: String, installerNote: String? = nil,
        overrides: [String],
        resolveAsOf: String?, constraintsFile: String?, constraintsHash: String?,
        brokenConstraints: [String]?, uncheckedReason: String?, keyPackages: [String: String], venv: String,
        lock: Lock? = nil
    ) {
        self.litellm = litellm
        self.build = build
        self.installer = installer
        self.installerNote = installerNote
        self.overrides = overrides
        self.resolveAsOf = resolveAsOf
        self.constraintsFile = constraintsFile
        self.constraintsHash = constraintsHash
        self.brokenConstraints = brokenConstraints
        self.uncheckedReason = uncheckedReason
        self.keyPackages = keyPackages
        self.venv = venv
        self.lock = lock
    }

    /// The build installed: ``build``, or for records from before builds the release ``litellm``.
    package var identity: LiteLLMBuild {
        build ?? LiteLLMBuild(kind: .release, version: litellm)
    }

    /// The record in a few lines for the terminal: build, installer, overrides, what they broke, key packages.
    package var summaryLines: [String] {
        var lines = [
            "build: \(identity)", "installed by \(installer)" + (installerNote.map { " (\($0))" } ?? ""),
        ]
        if !overrides.isEmpty { lines.append("overrides: \(overrides.joined(separator: ", "))") }
        lines.append("lock: " + (lock?.summary ?? "none (installed before locks)"))
        if let constraintsFile { lines.append("constraints: \(constraintsFile) (\(constraintsHash ?? "?"))") }
        if let broken = brokenConstraints {
            lines +=
                broken.isEmpty
                ? ["declared constraints: all satisfied"]
                : broken.map { "breaks a declared constraint: \($0)" }
        } else {
            lines.append("declared constraints: \(uncheckedReason ?? "could not check")")
        }
        lines.append(LiteLLMDependencies.keyPackagesLine(keyPackages, overriding: overrides))
        return lines
    }
}
