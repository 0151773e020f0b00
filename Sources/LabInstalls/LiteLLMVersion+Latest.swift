import Foundation
import LabRecords

extension LiteLLMVersion {
    /// The newest version the lab may install, from the output of `pip index versions litellm`.
    ///
    /// Reads the "Available versions:" line, skipping pre-releases and refused versions.
    ///
    /// - Parameter output: What `pip index versions litellm` printed.
    /// - Returns: The newest installable version.
    /// - Throws: ``LiteLLMVersionError/noInstallableRelease(_:)`` when none is listed.
    static func newestInstallable(inPipIndexOutput output: String) throws(LiteLLMVersionError)
        -> LiteLLMVersion
    {
        do {
            return try newestInstallable(in: releases(inPipIndexOutput: output))
        } catch {
            throw .noInstallableRelease(output)
        }
    }

    /// The newest of `releases` the lab may install (refused ones skipped).
    package static func newestInstallable(in releases: [LiteLLMVersion]) throws(LiteLLMVersionError)
        -> LiteLLMVersion
    {
        guard let newest = releases.filter({ $0.refusal == nil }).max() else {
            throw .noInstallableRelease(releases.map(\.description).joined(separator: ", "))
        }
        return newest
    }

    /// Every release listed on the "Available versions:" line, oldest first; pre-releases are skipped,
    /// refused releases kept (callers say why they skip them).
    package static func releases(inPipIndexOutput output: String) -> [LiteLLMVersion] {
        let prefix = "Available versions:"
        let listed =
            output.split(separator: "\n")
            .first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(prefix) }
            .map { $0.trimmingCharacters(in: .whitespaces).dropFirst(prefix.count).split(separator: ",") }
            ?? []
        return listed.compactMap { try? LiteLLMVersion($0.trimmingCharacters(in: .whitespaces)) }.sorted()
    }
}
