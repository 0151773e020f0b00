import Foundation

/// A LiteLLM release as PyPI names it: "1.61.20", or a post release such as "1.74.0.post1".
///
/// Ordered numerically, a post release after its base release. Pre-releases are not accepted:
/// the lab reproduces behaviour of published releases.
///
/// ```swift
/// let version = try LiteLLMVersion(LiteLLMVersion.reported)
/// if let reason = version.refusal { print(reason) }
/// ```
package struct LiteLLMVersion: Sendable, Comparable, CustomStringConvertible {
    /// The version the bug was reported on (BerriAI/litellm issue 9178).
    package static let reported = "1.61.20"

    /// The numeric release parts: [1, 61, 20].
    package let release: [Int]
    /// The post-release number, if any: 1 for "1.74.0.post1".
    let post: Int?

    /// Parses a version as PyPI lists it.
    ///
    /// - Parameter text: "1.61.20" or "1.74.0.post1"; surrounding spaces are ignored.
    /// - Throws: ``LiteLLMVersionError/invalid(_:)`` for anything else.
    package init(_ text: String) throws(LiteLLMVersionError) {
        var parts = text.trimmingCharacters(in: .whitespaces).split(
            separator: ".", omittingEmptySubsequences: false)
        var post: Int?
        if let last = parts.last, last.hasPrefix("post") {
            guard let number = Self.number(last.dropFirst(4)) else { throw .invalid(text) }
            post = number
            parts.removeLast()
        }
        let numbers = parts.compactMap(Self.number)
        guard numbers.count >= 2, numbers.count == parts.count else { throw .invalid(text) }
        self.release = numbers
        self.post = post
    }

    /// Why the lab refuses to install this version, or `nil` when it may.
    package var refusal: String? {
        guard Self.compromised.contains(LiteLLMVersion(release: release)) else { return nil }
        return "LiteLLM \(self) is refused: 1.82.7 and 1.82.8 were a supply-chain compromise "
            + "(malicious releases, pulled from PyPI); choose another version"
    }

    /// "1.61.20" or "1.74.0.post1".
    package var description: String {
        release.map(String.init).joined(separator: ".") + (post.map { ".post\($0)" } ?? "")
    }

    /// A run of ASCII digits as a number (`Int` alone would take "+1" too).
    private static func number(_ text: Substring) -> Int? {
        text.allSatisfy({ ("0"..."9").contains($0) }) ? Int(text) : nil
    }

    /// Releases the lab never installs.
    private static let compromised = [
        LiteLLMVersion(release: [1, 82, 7]), LiteLLMVersion(release: [1, 82, 8]),
    ]

    private init(release: [Int]) {
        self.release = release
        self.post = nil
    }

    /// Equal as PEP 440 has it: trailing zero parts do not matter ("1.61" equals "1.61.0").
    package static func == (lhs: LiteLLMVersion, rhs: LiteLLMVersion) -> Bool {
        !(lhs < rhs) && !(rhs < lhs)
    }

    /// Numeric order of the release parts, then no post release before any post release.
    package static func < (lhs: LiteLLMVersion, rhs: LiteLLMVersion) -> Bool {
        let width = max(lhs.release.count, rhs.release.count)
        let left = lhs.release + Array(repeating: 0, count: width - lhs.release.count)
        let right = rhs.release + Array(repeating: 0, count: width - rhs.release.count)
        if left != right { return left.lexicographicallyPrecedes(right) }
        return (lhs.post ?? -1) < (rhs.post ?? -1)
    }
}
