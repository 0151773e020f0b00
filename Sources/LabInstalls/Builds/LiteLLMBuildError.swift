/// Why a source tree, wheel or image cannot be a LiteLLM build.
package enum LiteLLMBuildError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing is at `path` (given to `option`).
    case missing(path: String, option: String)
    /// `path` is not a Python source tree: `reason` says what is wrong.
    case notSourceTree(path: String, reason: String)
    /// `path` is not a wheel file: `reason` says what is wrong.
    case notWheel(path: String, reason: String)
    /// `path` is not a unified diff the lab can apply to a release: `reason` says what is wrong.
    case notPatch(path: String, reason: String)
    /// The tree or wheel is a distribution of another package.
    case notLiteLLM(path: String, name: String)
    /// The tree's files cannot be read for its content key.
    case unreadable(path: String, reason: String)
    /// The tree is a git checkout, and git cannot say its commit and state.
    case gitFailed(path: String, output: String)
    /// No container engine answers the Docker CLI `docker`.
    case noContainerEngine(String)
    /// The engine has no image by that reference.
    case imageMissing(image: String, output: String)
    /// The image's `python` cannot name an installed `litellm`.
    case imageWithoutLiteLLM(image: String, output: String)

    /// What is wrong and what to do.
    package var description: String {
        switch self {
        case .missing(let path, let option):
            let kind =
                switch option {
                case "--litellm-wheel": "wheel file (litellm-X-py3-none-any.whl)"
                case "--patch": "unified diff file (git diff > fix.diff in a LiteLLM checkout)"
                default: "folder"
                }
            return "\(option) \(path): nothing there; give an existing \(kind)"
        case .notSourceTree(let path, let reason):
            return "--litellm-source \(path) is not a LiteLLM source tree: \(reason); give a git checkout of"
                + " BerriAI/litellm or an unpacked source distribution (tar xzf litellm-X.tar.gz)"
        case .notWheel(let path, let reason):
            return "--litellm-wheel \(path) is not a wheel: \(reason); give a file such as"
                + " litellm-1.61.20-py3-none-any.whl (pip download --no-deps litellm==1.61.20)"
        case .notPatch(let path, let reason):
            return
                "--patch \(path) is not a patch the lab can apply: \(reason); give a unified diff whose paths are"
                + " relative to the installed package, as `git diff` writes them in a LiteLLM checkout"
                + " (--- a/litellm/router.py, +++ b/litellm/router.py)"
        case .notLiteLLM(let path, let name):
            return "\(path) is a distribution of '\(name)', not of litellm: give a LiteLLM build"
        case .unreadable(let path, let reason):
            return "cannot read the source tree \(path) for its content key: \(reason)"
        case .gitFailed(let path, let output):
            return "\(path) is a git checkout, but git cannot say its commit and state: \(output);"
                + " install git, or mark the folder safe (git config --global --add safe.directory \(path))"
        case .noContainerEngine(let docker):
            return "--litellm-image needs a container engine, and none answers `\(docker) info`: start one"
                + " (docker/engine.sh start), or set LAB_DOCKER to your Docker CLI"
        case .imageMissing(let image, let output):
            return "--litellm-image \(image): the engine has no such image (\(output)); build it"
                + " (docker/build-images.sh --only litellm --litellm-version V) or pull it first"
        case .imageWithoutLiteLLM(let image, let output):
            return
                "--litellm-image \(image): its python cannot name an installed litellm (\(output)); give an"
                + " image of the LiteLLM proxy"
        }
    }
}
