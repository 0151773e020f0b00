/// A LiteLLM build as the user names it, before anything is read: what `--litellm-version`,
/// `--litellm-source`, `--litellm-wheel` or `--litellm-image` say (with `--patch`), or one entry of
/// `lab matrix --versions`.
///
/// ```swift
/// LiteLLMBuildRequest(word: "1.61.20")           // .release("1.61.20")
/// LiteLLMBuildRequest(word: "1.110.2+fix.diff")  // .patched(release: "1.110.2", patch: "fix.diff")
/// LiteLLMBuildRequest(word: "./litellm")         // .source("./litellm")
/// LiteLLMBuildRequest(word: "dist/x-1.0-py3-none-any.whl")  // .wheel(...)
/// LiteLLMBuildRequest(word: "image:leaklab/litellm:1.61.20")  // .image("leaklab/litellm:1.61.20")
/// ```
public enum LiteLLMBuildRequest: Sendable, Hashable, CustomStringConvertible {
    /// A release as typed: `1.61.20`, or `latest`.
    case release(String)
    /// A release as typed with a unified diff file to apply to its installed files, as typed.
    case patched(release: String, patch: String)
    /// A source tree's folder, as typed.
    case source(String)
    /// A wheel file, as typed.
    case wheel(String)
    /// A container image's reference, as typed.
    case image(String)

    /// What marks a word as an image: `image:REF`.
    static let imagePrefix = "image:"
    /// What joins a release and its patch in one word: `1.110.2+fix.diff`.
    static let patchSeparator: Character = "+"

    /// Reads one word naming a build: `image:REF` is a container image, a word ending in `.whl` a wheel,
    /// `V+FILE` (no `/` before the `+`) release V with the unified diff FILE applied, a word holding a `/` a
    /// source tree (write `./litellm` for a folder here), anything else a release.
    package init(word: String) {
        if word.hasPrefix(Self.imagePrefix) {
            self = .image(String(word.dropFirst(Self.imagePrefix.count)))
        } else if word.hasSuffix(".whl") {
            self = .wheel(word)
        } else if let plus = word.firstIndex(of: Self.patchSeparator), plus != word.startIndex,
            word.index(after: plus) != word.endIndex, !word[..<plus].contains("/")
        {
            self = .patched(release: String(word[..<plus]), patch: String(word[word.index(after: plus)...]))
        } else if word.contains("/") {
            self = .source(word)
        } else {
            self = .release(word)
        }
    }

    /// As the user typed it.
    public var description: String {
        switch self {
        case .release(let word), .source(let word), .wheel(let word): word
        case .patched(let release, let patch): "\(release)\(Self.patchSeparator)\(patch)"
        case .image(let reference): Self.imagePrefix + reference
        }
    }
}
