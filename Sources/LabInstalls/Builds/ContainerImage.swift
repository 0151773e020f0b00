import Foundation
import LabCore
import LabProcesses
import LabRecords

/// A container image with LiteLLM in it, read and run through the Docker CLI (`LAB_DOCKER`, else `docker`,
/// as `docker/lib.sh` chooses it). The image is used as it is: nothing is installed into it.
///
/// ```swift
/// let build = try ContainerImage(reference: "leaklab/litellm:1.61.20").read()
/// print(build.name)  // 1.61.20-img-1a2b3c4d
/// ```
package struct ContainerImage: Sendable {
    /// The image as the user names it (a tag, an ID or `name@sha256:…`).
    package let reference: String
    /// The Docker CLI.
    package let docker: String

    /// The image `reference`, through the Docker CLI the environment chooses.
    package init(
        reference: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.reference = reference
        docker = environment["LAB_DOCKER"] ?? "docker"
    }

    /// Reads the image's identity: its ID, registry digests and the LiteLLM version installed in it.
    package func read() throws(LiteLLMBuildError) -> LiteLLMBuild {
        let inspected: Inspection
        do {
            let text = try output([docker, "image", "inspect", "--format", "{{json .}}", reference])
            inspected = try JSONCoding.decode(Inspection.self, from: Data(text.utf8))
        } catch let failure as Failure {
            throw engineAnswers()
                ? .imageMissing(image: reference, output: failure.text) : .noContainerEngine(docker)
        } catch {
            throw .imageMissing(image: reference, output: "\(error)")
        }
        let version: String
        do {
            version = try python(
                "import importlib.metadata as m; print(m.version('litellm'))", image: inspected.id
            )
            .trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw .imageWithoutLiteLLM(image: reference, output: "\(error)")
        }
        return LiteLLMBuild(
            kind: .image, version: version, image: reference, imageDigest: inspected.id,
            repoDigests: inspected.repoDigests ?? [])
    }

    /// Every Python distribution installed in the image, as `pip freeze` lines (`name==version`).
    package func freeze(imageDigest: String) throws -> String {
        try python(
            "import importlib.metadata as m\n"
                + "print('\\n'.join(sorted({f\"{d.metadata['Name']}=={d.version}\" for d in m.distributions()},"
                + " key=str.lower)))",
            image: imageDigest)
    }

    /// The lock an image of the lab's was installed from (`lock.txt` beside its venv, which
    /// `lab install-litellm` writes); nil for an image the lab did not build.
    package func lock(imageDigest: String) -> String? {
        let text = try? python(
            "import pathlib, sys\n"
                + "lock = pathlib.Path(sys.prefix) / 'lock.txt'\n"
                + "print(lock.read_text() if lock.exists() else '', end='')",
            image: imageDigest)
        return text.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The source of the image's `litellm/proxy/proxy_cli.py`, which says the server flags it knows.
    package func cliSource(imageDigest: String) throws -> String {
        try python(
            "import importlib.util, pathlib\n"
                + "root = pathlib.Path(importlib.util.find_spec('litellm').origin).parent\n"
                + "print((root / 'proxy' / 'proxy_cli.py').read_text())",
            image: imageDigest)
    }

    /// The command that runs the image's `python` with `paths` (absolute) visible at the same paths, read-only
    /// unless listed in `writable`, in the caller's working directory (mounted read-only), as the caller's
    /// user, with no network: so that the paths a caller names mean there what they mean here.
    package func pythonCommand(imageDigest: String, paths: [String] = [], writable: [String] = []) -> [String]
    {
        let here = FileManager.default.currentDirectoryPath
        var words = [
            docker, "run", "--rm", "--network", "none", "--user", "\(getuid()):\(getgid())", "--workdir",
            here,
        ]
        for path in Set([here] + paths).subtracting(writable).sorted() {
            words += ["--volume", "\(path):\(path):ro"]
        }
        for path in Set(writable).sorted() { words += ["--volume", "\(path):\(path)"] }
        return words + ["--entrypoint", "python", imageDigest]
    }

    /// Runs `code` with the image's `python`; returns its stdout.
    private func python(_ code: String, image: String) throws -> String {
        try output([docker, "run", "--rm", "--network", "none", "--entrypoint", "python", image, "-c", code])
    }

    /// Runs `words` to their end within a minute; their stdout, or a ``Failure`` with what they said.
    private func output(_ words: [String]) throws -> String {
        var spec = ChildProcess.Spec(words[0], Array(words.dropFirst()), log: .file("/dev/null"))
        spec.timeLimit = .seconds(60)
        let (status, stdout) = try ChildProcess.output(spec)
        guard status == .exited(0) else { throw Failure(text: "\(spec.commandLine) ended \(status)") }
        return stdout
    }

    /// Whether an engine answers `docker info`.
    private func engineAnswers() -> Bool {
        var spec = ChildProcess.Spec(docker, ["info"], log: .file("/dev/null"))
        spec.timeLimit = .seconds(30)
        return (try? ChildProcess.run(spec)) == .exited(0)
    }

    private struct Failure: Error { let text: String }

    /// The parts of `docker image inspect` the lab records.
    private struct Inspection: Decodable {
        let id: String
        let repoDigests: [String]?

        enum CodingKeys: String, CodingKey {
            case id = "Id"
            case repoDigests = "RepoDigests"
        }
    }
}
