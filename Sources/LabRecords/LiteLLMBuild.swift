import Foundation

/// A LiteLLM build, named exactly: a release from PyPI (as released, or with a patch applied to its files), a
/// source tree (a git checkout or an unpacked source distribution), a wheel file or a container image.
///
/// What a run installs, the key of its venv, and what every report names. One value per build, so a
/// comparison takes one per side.
///
/// ```swift
/// let build = try LiteLLMBuild.source(at: "~/src/litellm", python: "python3")
/// print(build.label)  // litellm-1.61.20-src-1a2b3c4d
/// ```
package struct LiteLLMBuild: Codable, Sendable, Hashable, CustomStringConvertible {
    /// Where a build comes from.
    package enum Kind: String, Codable, Sendable {
        /// A release from PyPI.
        case release
        /// A source tree, built when installed.
        case source
        /// A wheel file.
        case wheel
        /// A container image with LiteLLM installed, run as it is.
        case image
    }

    /// Where it comes from.
    package var kind: Kind
    /// The version its metadata declares (`PKG-INFO`, `pyproject.toml`, the wheel's name); after an install,
    /// the installed distribution's.
    package var version: String
    /// The source tree or wheel as an absolute path; nil for a release.
    package var path: String?
    /// A source tree's content key: the SHA-256 of its files as ``SourceTree`` reads them.
    package var contentHash: String?
    /// A wheel's SHA-256, as PyPI lists it.
    package var sha256: String?
    /// A checkout's `HEAD` commit.
    package var gitCommit: String?
    /// Whether a checkout has changes `git status` shows (untracked files included).
    package var gitDirty: Bool?
    /// An image's reference as given (`leaklab/litellm:1.61.20`); nil for any other build.
    package var image: String?
    /// An image's ID: the digest of its configuration (`sha256:…`), which no tag can move.
    package var imageDigest: String?
    /// An image's registry digests (`ghcr.io/berriai/litellm@sha256:…`); empty for an image built here.
    package var repoDigests: [String]?
    /// The unified diff applied to a release's installed files; nil for a release as released and any other
    /// build.
    package var patch: Patch?

    /// A unified diff applied to a release's files once installed, named by its file and content.
    package struct Patch: Codable, Sendable, Hashable {
        /// The diff file as an absolute path.
        package var path: String
        /// The SHA-256 of its bytes, as 64 hex digits: what keys the patched venv.
        package var sha256: String
        /// The files it changes, relative to the installed package root (`litellm/router.py`).
        package var files: [String]

        /// A patch read from `path`.
        package init(path: String, sha256: String, files: [String]) {
            self.path = path
            self.sha256 = sha256
            self.files = files
        }

        /// The diff's file name: `images-cancel-on-disconnect.diff`.
        package var fileName: String { (path as NSString).lastPathComponent }

        /// What names it in a build's name: the file name without its extension, in letters, digits, `.`,
        /// `_` and `-` only (others become `-`), at most 40 of them: `images-cancel-on-disconnect`.
        package var stem: String {
            let stem = (fileName as NSString).deletingPathExtension
            let safe = String(
                stem.unicodeScalars.map { scalar -> Character in
                    let allowed =
                        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                        || ("0"..."9").contains(scalar)
                        || "._-".unicodeScalars.contains(scalar)
                    return allowed ? Character(scalar) : "-"
                }
            ).prefix(40)
            return safe.isEmpty ? "patch" : String(safe)
        }

        /// One phrase naming it exactly: `patch images-cancel-on-disconnect.diff (sha256 1a2b…, 1 file)`.
        package var description: String {
            "patch \(fileName) (sha256 \(sha256), \(files.count) file\(files.count == 1 ? "" : "s"))"
        }
    }

    /// The release `version` from PyPI.
    package static func release(_ version: LiteLLMVersion) -> LiteLLMBuild {
        LiteLLMBuild(kind: .release, version: version.description)
    }

    /// Release `version` from PyPI with `patch` applied to its installed files.
    package static func release(_ version: LiteLLMVersion, patch: Patch) -> LiteLLMBuild {
        LiteLLMBuild(kind: .release, version: version.description, patch: patch)
    }

    /// The build without its patch: what its lock, and so its dependencies, are the lock of.
    package var unpatched: LiteLLMBuild {
        var build = self
        build.patch = nil
        return build
    }

    /// The release, when this build is one (patched or not).
    package var release: LiteLLMVersion? {
        guard kind == .release else { return nil }
        return try? LiteLLMVersion(version)
    }

    /// Names it in rows, run folders and venvs: `1.61.20`, `1.61.20-src-1a2b3c4d`, `1.61.20-whl-1a2b3c4d`,
    /// `1.61.20-img-1a2b3c4d`, and a patched release by its patch's ``Patch/stem``:
    /// `1.110.2+images-cancel-on-disconnect` (its hash is in ``description``).
    package var name: String {
        guard let patch else { return nameWithDigest(length: 8) }
        return "\(version)+\(patch.stem)"
    }

    /// The run folder's and proxy's label: `litellm-1.61.20-src-1a2b3c4d`.
    package var label: String { "litellm-" + name }

    /// The folder name of its venvs: like ``name`` with 16 digest digits, so builds never share one (a patched
    /// release adds 16 digits of its patch's SHA-256: `litellm-1.110.2+images-cancel-on-disconnect-1a2b…`).
    package var venvName: String {
        "litellm-" + nameWithDigest(length: 16) + (patch.map { "+\($0.stem)-\($0.sha256.prefix(16))" } ?? "")
    }

    /// The requirement that installs it, with LiteLLM's `proxy` extra or without:
    /// `litellm[proxy]==1.61.20`, `litellm[proxy] @ file:///src/litellm`.
    package func requirement(withProxyExtra: Bool) -> String {
        let name = withProxyExtra ? "litellm[proxy]" : "litellm"
        guard let path else { return "\(name)==\(version)" }
        return "\(name) @ \(URL(fileURLWithPath: path).absoluteString)"
    }

    /// How to name it to `lab run`, as arguments: `--litellm-version 1.61.20`, `--litellm-source /src/x`,
    /// `--litellm-version 1.110.2 --patch /src/fix.diff`.
    package var commandLineWords: [String] {
        switch kind {
        case .release: ["--litellm-version", version] + (patch.map { ["--patch", $0.path] } ?? [])
        case .source: ["--litellm-source", path ?? ""]
        case .wheel: ["--litellm-wheel", path ?? ""]
        case .image: ["--litellm-image", image ?? ""]
        }
    }

    /// One line naming it exactly: `LiteLLM 1.61.20, source tree /src/litellm (git 0123abcd…, dirty),
    /// content sha256 1a2b…`; `LiteLLM 1.110.2, release from PyPI with patch fix.diff (sha256 1a2b…, 1 file)`.
    package var description: String {
        var text = "LiteLLM \(version), "
        switch kind {
        case .release: return text + "release from PyPI" + (patch.map { " with \($0.description)" } ?? "")
        case .source: text += "source tree \(path ?? "?")"
        case .wheel: text += "wheel \(path ?? "?")"
        case .image:
            text += "image \(image ?? "?") (ID \(imageDigest ?? "?")"
            return text
                + ((repoDigests ?? []).isEmpty
                    ? ", built here)" : ", \(repoDigests!.joined(separator: ", ")))")
        }
        if let gitCommit { text += " (git \(gitCommit)" + (gitDirty == true ? ", dirty)" : ", clean)") }
        if let contentHash { text += ", content sha256 \(contentHash)" }
        if let sha256 { text += ", sha256 \(sha256)" }
        return text
    }

    /// A build; the static constructors make the consistent ones.
    package init(
        kind: Kind, version: String, path: String? = nil, contentHash: String? = nil, sha256: String? = nil,
        gitCommit: String? = nil, gitDirty: Bool? = nil, image: String? = nil, imageDigest: String? = nil,
        repoDigests: [String]? = nil, patch: Patch? = nil
    ) {
        self.kind = kind
        self.version = version
        self.path = path
        self.contentHash = contentHash
        self.sha256 = sha256
        self.gitCommit = gitCommit
        self.gitDirty = gitDirty
        self.image = image
        self.imageDigest = imageDigest
        self.repoDigests = repoDigests
        self.patch = patch
    }

    private func nameWithDigest(length: Int) -> String {
        switch kind {
        case .release: version
        case .source: "\(version)-src-\((contentHash ?? "").prefix(length))"
        case .wheel: "\(version)-whl-\((sha256 ?? "").prefix(length))"
        case .image:
            "\(version)-img-\((imageDigest ?? "").replacingOccurrences(of: "sha256:", with: "").prefix(length))"
        }
    }
}
