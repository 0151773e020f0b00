import Foundation

extension LiteLLMVersion {
    /// The newest version the lab may install, from the output of `pip index versions litellm`.
    ///
    /// Reads the "Available versions:" line, skipping pre-releases and refused versions.
    ///
    /// - Parameter output: What `pip index versions litellm` printed.
    /// - Returns: The newest installable version.
    /// - Throws: ``LiteLLMVersionError/noInstallableRelease(_:)`` when none is listed.
    public static func newestInstallable(inPipIndexOutput output: String) throws(LiteLLMVersionError)
        -> LiteLLMVersion
    {
        let prefix = "Available versions:"
        let listed =
            output.split(separator: "\n")
            .first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(prefix) }
            .map { $0.trimmingCharacters(in: .whitespaces).dropFirst(prefix.count).split(separator: ",") }
            ?? []
        let installable = listed.compactMap { try? LiteLLMVersion(String($0)) }.filter { $0.refusal == nil }
        guard let newest = installable.max() else { throw .noInstallableRelease(output) }
        return newest
    }
}
