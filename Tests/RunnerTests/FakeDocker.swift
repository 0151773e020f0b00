import Foundation
import Glibc
import LabTestSupport

/// A stand-in for the Docker CLI: it logs each call's arguments to `calls.log` and answers like an engine that
/// has one image, `leaklab/litellm:1.61.20`, with LiteLLM 1.61.20 in it.
final class FakeDocker {
    static let imageDigest = "sha256:4f2a9c0e1b7d3a5c8e6f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5"
    let scratch: ScratchDirectory
    var path: String { scratch.file("docker") }

    /// - Parameter engineAnswers: Whether `docker info` succeeds.
    init(engineAnswers: Bool = true) throws {
        scratch = try ScratchDirectory()
        let script = """
            #!/bin/sh
            echo "$*" >> '\(scratch.file("calls.log"))'
            case "$1 $2" in
              "image inspect")
                [ "$5" = leaklab/litellm:1.61.20 ] || { echo "Error: No such image: $5" >&2; exit 1; }
                echo '{"Id": "\(Self.imageDigest)", "RepoDigests": [], "Size": 1}' ;;
              "info "*) exit \(engineAnswers ? 0 : 1) ;;
              "rm --force") ;;
              *)
                case "$*" in
                  *"m.version('litellm')"*) echo 1.61.20 ;;
                  *"m.distributions()"*) printf 'litellm==1.61.20\\nuvicorn==0.29.0\\n' ;;
                  *"--name leaklab-proxy-"*)
                    env > '\(scratch.file("proxy.env"))'; echo "proxy up"; exec sleep 30 ;;
                  *) exit 3 ;;
                esac ;;
            esac
            """
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
    }

    deinit { scratch.remove() }

    /// Each call's arguments, in order.
    var calls: [String] { ((try? scratch.read("calls.log")) ?? "").split(separator: "\n").map(String.init) }
}
