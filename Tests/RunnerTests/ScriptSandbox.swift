import Foundation
import LabTestSupport
import Glibc
import Testing

@testable import LabProcesses

/// The repository's root, from this file's place in it.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

/// A copy of the repository's scripts (`docker/`, `.ci/`, `compose.yaml`) in a scratch folder, run with fake tools.
///
/// The scripts' PATH is `bin/`, the fakes a test writes, then a folder with a link to every program of the host's
/// `/usr/bin` and `/usr/sbin` except the hidden ones (by default every tool a script looks for: Docker, compose,
/// dockerd, debootstrap, Swift, apt-get, make, ShellCheck, the control proxies). `/usr/local/bin` and the
/// toolchain's folders are never on it, so a tool a test does not give is missing. The scripts are copies, so
/// a test may replace one (`docker/build-images.sh`, say) and what they write stays in the scratch folder.
final class ScriptSandbox {
    /// What a script's run left: its exit status, stdout and stderr.
    struct Result: CustomStringConvertible {
        let status: ChildProcess.ExitStatus
        let stdout: String
        let stderr: String

        var description: String { "status \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
    }

    /// The tools every script looks for, missing unless a test gives a fake.
    static let lookedFor: Set<String> = [
        "docker", "docker-compose", "dockerd", "podman", "debootstrap", "swift", "apt-get", "apt", "make",
        "shellcheck", "nginx", "haproxy", "caddy",
    ]

    let scratch: ScratchDirectory
    /// The copy of the repository: the scripts' LAB_ROOT.
    let root: String
    /// The fakes' folder, first on PATH.
    let bin: String
    /// The scripts' environment: PATH, HOME, LANG and the lab's folders, all in the scratch folder.
    var environment: [String: String]

    /// - Parameter hidden: Programs of the host left out of PATH besides ``lookedFor`` (`python3`, say).
    init(hiding hidden: Set<String> = []) throws {
        scratch = try ScratchDirectory()
        root = scratch.file("repo")
        bin = scratch.file("bin")
        let tools = try ToolFolders.folder(hiding: Self.lookedFor.union(hidden))
        let files = FileManager.default
        for folder in [root, bin, scratch.file("home"), scratch.file("engine")] {
            try files.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        for item in ["docker", ".ci", "compose.yaml"] {
            try files.copyItem(atPath: repositoryRoot + "/" + item, toPath: root + "/" + item)
        }
        environment = [
            "PATH": bin + ":" + tools,
            "HOME": scratch.file("home"),
            "LANG": "C.UTF-8",
            "LAB_ENGINE_DIR": scratch.file("engine"),
            "LAB_BUILD_LOGS": scratch.file("build-logs"),
            "LAB_CACHE_DIR": scratch.file("cache"),
        ]
    }

    deinit { scratch.remove() }

    /// Writes the executable `bin/NAME`: a bash script with `body`.
    func fake(_ name: String, _ body: String) throws {
        try write(bin + "/" + name, "#!/bin/bash\n" + body + "\n", executable: true)
    }

    /// Writes `text` at `path`, executable or not.
    func write(_ path: String, _ text: String, executable: Bool = false) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, executable ? 0o755 : 0o644)
    }

    /// A fake Docker CLI (`docker` on PATH, the scripts' default) that logs its calls to `docker.log` in the
    /// scratch folder and answers as the environment says: `FAKE_ENGINE` (`docker info`'s status, 0 by default),
    /// `FAKE_COMPOSE` (`docker compose version`'s), `FAKE_IMAGE` (`docker image inspect`'s), `FAKE_BUILD`
    /// (`docker build`'s and `docker compose build`'s), `FAKE_IMPORT` (`docker import`'s), `FAKE_PLAN` (`docker compose run`'s: the plan service,
    /// which writes `FAKE_PLAN_JSON` to `$LAB_OUT/compose-plan.json`), `FAKE_UP` (`docker compose up`'s: the
    /// collector's, writing `FAKE_VERDICT_JSON` to `$LAB_OUT/verdict.json`). `docker ps` lists a container for a
    /// `name=leaklab-proxy-PID-` filter while that process runs.
    func fakeDocker() throws {
        try fake(
            "docker",
            #"""
            echo "docker $*" >>"${FAKE_LOG:?}"
            case $1 in
              info) exit "${FAKE_ENGINE:-0}" ;;
              version) echo 27.0.0-fake ;;
              build) echo "fake build: step 2/5 failed" >&2; exit "${FAKE_BUILD:-0}" ;;
              import) cat >/dev/null; exit "${FAKE_IMPORT:-0}" ;;
              image) [[ $2 == inspect ]] && { [[ ${FAKE_IMAGE:-0} == 0 ]] && echo sha256:fake; exit "${FAKE_IMAGE:-0}"; } ;;
              ps)
                for word in "$@"; do
                  if [[ $word =~ ^name=leaklab-proxy-([0-9]+)-$ ]] && kill -0 "${BASH_REMATCH[1]}" 2>/dev/null; then
                    echo c0ffee
                  fi
                done ;;
              compose)
                shift
                [[ $1 == version ]] && exit "${FAKE_COMPOSE:-0}"
                while [[ $1 == -p || $1 == -f ]]; do shift 2; done
                case $1 in
                  build) exit "${FAKE_BUILD:-0}" ;;
                  run)
                    [[ -z ${FAKE_PLAN_JSON:-} ]] || printf '%s\n' "$FAKE_PLAN_JSON" >"$LAB_OUT/compose-plan.json"
                    exit "${FAKE_PLAN:-0}" ;;
                  up)
                    [[ -z ${FAKE_VERDICT_JSON:-} ]] || printf '%s\n' "$FAKE_VERDICT_JSON" >"$LAB_OUT/verdict.json"
                    echo "collector exited with code ${FAKE_UP:-0}"
                    exit "${FAKE_UP:-0}" ;;
                esac ;;
            esac
            exit 0
            """#)
        environment["FAKE_LOG"] = scratch.file("docker.log")
    }

    /// What the fake Docker CLI was asked, one call a line.
    var dockerCalls: String { (try? scratch.read("docker.log")) ?? "" }

    /// Runs `script` (a path under the copy) with `arguments`, the sandbox's environment and `extra`, from the
    /// copy's root; no time limit (a test that hangs is a failure to look at, not to time).
    func run(_ script: String, _ arguments: [String] = [], _ extra: [String: String] = [:]) throws -> Result {
        let stderr = scratch.file("stderr-\(UUID().uuidString)")
        let (status, stdout) = try ChildProcess.output(spec(script, arguments, extra, stderr: stderr))
        return Result(
            status: status, stdout: stdout,
            stderr: (try? String(contentsOfFile: stderr, encoding: .utf8)) ?? "")
    }

    /// Starts `script` as ``run(_:_:_:)`` does, without waiting for it: for a test that signals it.
    func start(_ script: String, _ arguments: [String] = [], _ extra: [String: String] = [:]) throws
        -> ChildProcess
    {
        try ChildProcess.spawn(spec(script, arguments, extra, stderr: scratch.file("stderr-started")))
    }

    private func spec(_ script: String, _ arguments: [String], _ extra: [String: String], stderr: String)
        -> ChildProcess.Spec
    {
        ChildProcess.Spec(
            root + "/" + script, arguments, environment: environment.merging(extra) { $1 },
            workingDirectory: root, log: .file(stderr))
    }
}

/// The host's tools without a set of them: one folder of links per set, made once for the whole test run (links
/// are slow to make on some file systems, and every sandbox needs about 1,400) and removed when it ends.
private enum ToolFolders {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var folders: [Set<String>: String] = [:]
    private static let base =
        TestFiles.path("script-sandbox-tools")

    static func folder(hiding hidden: Set<String>) throws -> String {
        try lock.withLock {
            if let folder = folders[hidden] { return folder }
            let files = FileManager.default
            if folders.isEmpty {
                try files.createDirectory(atPath: base, withIntermediateDirectories: true)
                atexit { try? FileManager.default.removeItem(atPath: ToolFolders.base) }
            }
            let folder = base + "/\(folders.count)"
            try files.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for source in ["/usr/bin", "/usr/sbin"] {
                for name in (try? files.contentsOfDirectory(atPath: source)) ?? []
                where !hidden.contains(name) && !files.fileExists(atPath: folder + "/" + name) {
                    try? files.createSymbolicLink(
                        atPath: folder + "/" + name, withDestinationPath: source + "/" + name)
                }
            }
            folders[hidden] = folder
            return folder
        }
    }
}

/// Expects `result` to end with `status` and its stderr (or stdout, with `onStdout`) to hold `message`; never a
/// bash error of its own (an unbound variable, a syntax error).
func expect(
    _ result: ScriptSandbox.Result, exits status: Int32, saying message: String, onStdout: Bool = false,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(result.status == .exited(status), "\(result)", sourceLocation: sourceLocation)
    #expect(
        (onStdout ? result.stdout : result.stderr).contains(message), "\(result)",
        sourceLocation: sourceLocation)
    #expect(
        !result.stderr.contains("unbound variable") && !result.stderr.contains("syntax error"), "\(result)",
        sourceLocation: sourceLocation)
}
