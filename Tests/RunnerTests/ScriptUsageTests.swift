import Foundation
import Testing

@testable import LabProcesses

/// Runs `script` (a path under the repository) with `arguments`; its exit status and what it wrote to stderr.
private func run(_ script: String, _ arguments: [String]) throws -> (ChildProcess.ExitStatus, String) {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let spec = ChildProcess.Spec(repositoryRoot + "/" + script, arguments, log: .file(scratch.file("stderr")))
    let (status, _) = try ChildProcess.output(spec)
    return (status, try scratch.read("stderr"))
}

/// Options of the shell scripts fail with a usage message and exit 64, never with bash's own words.
@Suite struct ScriptUsageTests {
    @Test(arguments: [
        ("docker/compose-lab.sh", ["--expect"], "compose-lab: --expect needs a value (see --help)"),
        (
            "docker/compose-lab.sh", ["--out", "--expect", "leak"],
            "compose-lab: --out needs a value (see --help)"
        ),
        (
            "docker/compose-lab.sh", ["--litellm-version"],
            "compose-lab: --litellm-version needs a value (see --help)"
        ),
        (
            "docker/compose-lab.sh", ["--expect", "maybe"],
            "compose-lab: --expect takes leak or no-leak, not 'maybe'"
        ),
        (
            "docker/compose-lab.sh", ["--bogus"],
            "compose-lab: unknown argument: --bogus (`lab run` options go after --) (see --help)"
        ),
        ("docker/build-images.sh", ["--only"], "build-images: --only needs a value (see --help)"),
        (
            "docker/build-images.sh", ["--only", "everything"],
            "build-images: --only takes runtime or litellm, not 'everything' (see --help)"
        ),
        ("docker/compose-test.sh", ["--newest"], "compose-test: --newest needs a value (see --help)"),
        (
            "docker/engine.sh", ["restart"],
            "engine: docker/engine.sh takes start, stop or status, not 'restart'"
        ),
        ("docker/engine.sh", [], "engine: docker/engine.sh takes start, stop or status, not ''"),
    ])
    func anOptionWithoutItsValueGetsAUsageMessage(script: String, arguments: [String], message: String) throws
    {
        let (status, stderr) = try run(script, arguments)
        #expect(status == .exited(64), "\(stderr)")
        #expect(stderr.contains(message), "\(stderr)")
        #expect(!stderr.contains("unbound variable"))
    }
}
