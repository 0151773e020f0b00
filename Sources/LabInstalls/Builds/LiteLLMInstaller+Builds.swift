import LabCore
import LabRecords

extension LiteLLMInstaller {
    /// Reads the build `request` names: a release (`latest` asks PyPI), a patched release (its patch's
    /// SHA-256 and files), a source tree (its content key and git state), a wheel (its SHA-256) or an image
    /// (its ID and the LiteLLM version in it).
    ///
    /// - Parameters:
    ///   - log: The file pip's output is appended to (`latest` asks PyPI).
    ///   - progress: Receives short lines on what happens.
    /// - Returns: The build; refused releases are returned too, for ``ensure(build:dependencies:log:progress:)``
    ///   to refuse.
    package func build(_ request: LiteLLMBuildRequest, log: String, progress: (String) -> Void)
        throws(LiteLLMInstallError) -> LiteLLMBuild
    {
        let started = LabClock.monotonicNanoseconds()
        let read: () throws(LiteLLMBuildError) -> LiteLLMBuild
        switch request {
        case .release(let word): return .release(try resolve(word, log: log, progress: progress))
        case .patched(let word, let patch):
            let release = try resolve(word, log: log, progress: progress)
            read = { () throws(LiteLLMBuildError) in try .patched(release: release, patch: patch) }
        case .source(let path):
            read = { () throws(LiteLLMBuildError) in try .source(at: path, python: python) }
        case .wheel(let path): read = { () throws(LiteLLMBuildError) in try .wheel(at: path) }
        case .image(let reference):
            read = { () throws(LiteLLMBuildError) in try ContainerImage(reference: reference).read() }
        }
        let build: LiteLLMBuild
        do {
            build = try read()
        } catch {
            throw .invalidBuild(error)
        }
        progress(
            "read \(build) in \(Format.seconds(Double(LabClock.monotonicNanoseconds() - started) / 1e9))")
        return build
    }
}
