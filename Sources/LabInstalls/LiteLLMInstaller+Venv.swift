import Foundation

extension LiteLLMInstaller {
    /// Makes sure the venv at `root` exists and is populated, under the venv's install lock.
    ///
    /// - Parameters:
    ///   - announcement: The progress line shown when the venv has to be made.
    ///   - populate: Creates the venv at `root` and installs into it; the ready marker is written after
    ///     it returns, so a venv is never used half-made.
    func prepareVenv(
        at root: String, log: String, progress: (String) -> Void, announcement: String,
        populate: () throws(LiteLLMInstallError) -> Void
    ) throws(LiteLLMInstallError) {
        let marker = root + "/" + Self.readyMarker
        if FileManager.default.fileExists(atPath: marker) {
            progress("using cached venv \(root)")
            return
        }
        let folder = (root as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .cacheUnusable(path: folder, reason: error.localizedDescription)
        }
        let lock = try InstallLock(path: root + ".lock") {
            progress(
                "waiting for the install of \(root) under way (another lab's, or this one's ahead of its turn)"
            )
        }
        var installFailed = false
        defer { installFailed ? lock.releaseRemovingFile() : lock.release() }
        if FileManager.default.fileExists(atPath: marker) {
            progress("using cached venv \(root)")
            return
        }
        if FileManager.default.fileExists(atPath: root) {
            progress("removing unfinished venv \(root) (an earlier install was interrupted)")
            do {
                try FileManager.default.removeItem(atPath: root)
            } catch {
                throw .cacheUnusable(
                    path: root, reason: "cannot remove an unfinished venv: \(error.localizedDescription)")
            }
        }
        progress(announcement)
        do {
            try populate()
        } catch {
            // A failed install leaves nothing behind in the cache, its lock file included (its log says what
            // happened).
            try? FileManager.default.removeItem(atPath: root)
            installFailed = true
            throw error
        }
        guard FileManager.default.createFile(atPath: marker, contents: Data("ready\n".utf8)) else {
            throw .cacheUnusable(path: marker, reason: "cannot write the ready marker")
        }
    }

    /// Creates a venv at `root` with the standard library's `venv` (pip included).
    func createVenvWithPip(at root: String, log: String) throws(LiteLLMInstallError) {
        try runStep(.init(python, ["-m", "venv", root]), log: log)
    }
}
