import Foundation
import LabCore
import LabRecords

/// A ready virtual environment holding LiteLLM, as ``LiteLLMInstaller`` returns it.
package struct LiteLLMVenv: Sendable {
    /// The venv's folder.
    package let root: String
    /// The LiteLLM build installed.
    package let build: LiteLLMBuild
    /// The overrides, date and constraints it was installed with.
    package let dependencies: LiteLLMDependencies

    /// The venv's Python interpreter.
    package var python: String { root + "/bin/python" }
    /// The `litellm` command that starts the proxy.
    package var litellmExecutable: String { root + "/bin/litellm" }

    /// Creates a description of a venv at `root`.
    ///
    /// - Parameters:
    ///   - root: The venv's folder.
    ///   - build: The LiteLLM build in it.
    ///   - dependencies: The overrides, date and constraints it was installed with.
    package init(root: String, build: LiteLLMBuild, dependencies: LiteLLMDependencies = .init()) {
        self.root = root
        self.build = build
        self.dependencies = dependencies
    }

    /// The venv's resolved packages as `pip freeze` prints them (`name==version` lines), read when it
    /// was installed, for the run's record.
    ///
    /// Results depend on the whole resolved set, since old LiteLLM releases pin few dependencies.
    ///
    /// - Throws: ``LiteLLMInstallError/cacheUnusable(path:reason:)`` when the file is missing.
    package func freeze() throws(LiteLLMInstallError) -> String {
        let path = root + "/" + LiteLLMInstaller.freezeFile
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .cacheUnusable(
                path: path, reason: "cannot read the venv's package list: \(error.localizedDescription)")
        }
    }

    /// The lock the venv was installed from (``LiteLLMLock``), as a file: `lock.txt` in every run folder.
    ///
    /// - Throws: ``LiteLLMInstallError/cacheUnusable(path:reason:)`` when the file is missing.
    package func lockText() throws(LiteLLMInstallError) -> String {
        let path = root + "/" + LiteLLMInstaller.lockFile
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .cacheUnusable(
                path: path, reason: "cannot read the venv's lock: \(error.localizedDescription)")
        }
    }

    /// The diff applied to a patched release's files (`patch.diff` in every run folder of one); nil for any
    /// other build.
    ///
    /// - Throws: ``LiteLLMInstallError/cacheUnusable(path:reason:)`` when a patched venv's copy is missing.
    package func patchText() throws(LiteLLMInstallError) -> String? {
        guard build.patch != nil else { return nil }
        let path = root + "/" + LiteLLMInstaller.patchFile
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .cacheUnusable(
                path: path, reason: "cannot read the venv's patch: \(error.localizedDescription)")
        }
    }

    /// How the venv was installed: installer, overrides, broken constraints, key packages.
    ///
    /// - Throws: ``LiteLLMInstallError/cacheUnusable(path:reason:)`` when the record is missing.
    package func installRecord() throws(LiteLLMInstallError) -> InstallRecord {
        let path = root + "/" + LiteLLMInstaller.recordFile
        do {
            return try JSONCoding.read(InstallRecord.self, from: path)
        } catch {
            throw .cacheUnusable(
                path: path, reason: "cannot read the install record: \(error.localizedDescription)")
        }
    }
}
