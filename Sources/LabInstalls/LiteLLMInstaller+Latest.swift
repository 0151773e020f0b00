import LabRecords

extension LiteLLMInstaller {
    /// Reads a version as the user typed it: a release such as "1.61.20", or the word `latest`.
    ///
    /// - Parameters:
    ///   - word: The release, or `latest` for the newest installable release on PyPI.
    ///   - published: What ``publishedVersions(log:progress:)`` returned, when the caller asked already.
    ///   - log: The file pip's output is appended to (`latest` asks PyPI, unless `published` is given).
    ///   - progress: Receives short lines on what happens.
    /// - Returns: The version; refused releases are returned too, for ``ensure(version:pins:log:progress:)`` to refuse.
    package func resolve(
        _ word: String, published: [LiteLLMVersion]? = nil, log: String, progress: (String) -> Void
    ) throws(LiteLLMInstallError) -> LiteLLMVersion {
        guard word == "latest" else {
            do { return try LiteLLMVersion(word) } catch { throw .invalidVersion(error) }
        }
        guard let published else { return try latestVersion(log: log, progress: progress) }
        do { return try LiteLLMVersion.newestInstallable(in: published) } catch {
            throw .invalidVersion(error)
        }
    }

    /// The newest LiteLLM release the lab may install, as `pip index versions litellm` lists it.
    ///
    /// Uses a small helper venv in the cache (made once, in seconds), since a system `python3`
    /// often has no pip of its own.
    ///
    /// - Parameters:
    ///   - log: The file pip's messages are appended to.
    ///   - progress: Receives short lines on what happens.
    /// - Returns: The newest release, pre-releases and refused releases skipped.
    func latestVersion(log: String, progress: (String) -> Void) throws(LiteLLMInstallError)
        -> LiteLLMVersion
    {
        let output = try pipIndexVersions(log: log, progress: progress)
        do {
            return try LiteLLMVersion.newestInstallable(inPipIndexOutput: output)
        } catch {
            throw .invalidVersion(error)
        }
    }

    /// Every LiteLLM release PyPI lists, oldest first (refused ones included).
    package func publishedVersions(log: String, progress: (String) -> Void) throws(LiteLLMInstallError)
        -> [LiteLLMVersion]
    {
        LiteLLMVersion.releases(inPipIndexOutput: try pipIndexVersions(log: log, progress: progress))
    }

    private func pipIndexVersions(log: String, progress: (String) -> Void) throws(LiteLLMInstallError)
        -> String
    {
        let tools = cacheRoot + "/venvs/pip-tools"
        try prepareVenv(
            at: tools, log: log, progress: progress,
            announcement: "creating a helper venv for pip in \(tools)"
        ) { () throws(LiteLLMInstallError) in try createVenvWithPip(at: tools, log: log) }
        progress("asking PyPI for LiteLLM's releases")
        return try Self.captureOutput(
            .init(
                tools + "/bin/pip", ["index", "versions", "litellm", "--disable-pip-version-check"],
                log: .file(log)))
    }
}
