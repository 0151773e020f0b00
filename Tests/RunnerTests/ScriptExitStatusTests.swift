import Foundation
import Glibc
@testable import LabCore
import Testing

@testable import LabProcesses

// Every way the shell scripts stop with an error, reached for real: each script runs (a copy, with fake tools
// on PATH, see ScriptSandbox) until it hits that path, and must end with the lab's status for it and say why.
// 0-3 are the verdicts', so a script's own failure is 64 (bad options), 65 (refused input), 69 (something
// unavailable: an engine, a tool, root, a binary, a mirror, a package) or 70 (a step that failed).

/// A fake `id` whose `-u` and `-g` print `FAKE_UID`: root or not, whoever runs the tests.
private func fakeID(_ sandbox: ScriptSandbox) throws {
    try sandbox.fake("id", #"case $1 in -u | -g) echo "${FAKE_UID:?}" ;; *) exec /usr/bin/id "$@" ;; esac"#)
}

/// A folder of the four static binaries the images are made of, as scripts that do nothing.
private func binaries(
    _ sandbox: ScriptSandbox, _ names: [String] = ["fake-backend", "load-client", "collector", "lab"]
)
    throws -> String
{
    let folder = sandbox.scratch.file("static")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for name in names { try sandbox.write(folder + "/" + name, "#!/bin/sh\nexit 0\n", executable: true) }
    return folder
}

/// `docker/compose-lab.sh` (and `lib.sh` under it): no engine, no compose, no toolchain, a failed build or
/// plan, a missing python3, an unchecked failure; and the collector's verdict passed on as it is.
@Suite struct ComposeLabExitStatusTests {
    private func sandbox(hiding hidden: Set<String> = []) throws -> ScriptSandbox {
        let sandbox = try ScriptSandbox(hiding: hidden)
        try sandbox.fakeDocker()
        return sandbox
    }

    private func out(_ sandbox: ScriptSandbox) -> [String] { ["--out", sandbox.scratch.file("out")] }

    @Test(arguments: [["check"], ["--registry"], ["down"]])
    func noEngineIsUnavailable(arguments: [String]) throws {
        let sandbox = try sandbox()
        let result = try sandbox.run("docker/compose-lab.sh", arguments, ["FAKE_ENGINE": "1"])
        expect(result, exits: 69, saying: "compose-lab: error: no container engine answers")
    }

    @Test(arguments: [["check"], ["--registry"]])
    func noComposeIsUnavailable(arguments: [String]) throws {
        let sandbox = try sandbox()
        let result = try sandbox.run("docker/compose-lab.sh", arguments, ["FAKE_COMPOSE": "1"])
        expect(
            result, exits: 69, saying: "compose-lab: error: an engine answers, but no compose is installed")
    }

    @Test func checkSaysWhichComposeAnswers() throws {
        let sandbox = try sandbox()
        let result = try sandbox.run("docker/compose-lab.sh", ["check"])
        expect(result, exits: 0, saying: "compose-lab: docker compose on engine 27.0.0-fake", onStdout: true)
    }

    @Test func localImagesWithoutTheSwiftToolchainAreUnavailable() throws {
        let sandbox = try sandbox()
        let result = try sandbox.run("docker/compose-lab.sh", ["--local"] + out(sandbox))
        expect(result, exits: 69, saying: "compose-lab: error: building images needs the Swift toolchain")
    }

    @Test func aStaticBuildThatFailsIsAFailedStep() throws {
        let sandbox = try sandbox()
        try sandbox.fake("swift", "echo 'error: fake compiler failure' >&2; exit 1")
        let result = try sandbox.run("docker/compose-lab.sh", ["--local"] + out(sandbox))
        expect(result, exits: 70, saying: "compose-lab: error: swift build of the static binaries failed")
    }

    /// A signal while the plan runs: the run's containers are removed, then 130 (SIGINT) or 143 (SIGTERM).
    @Test(arguments: [("INT", 130, "interrupted"), ("TERM", 143, "terminated")] as [(String, Int32, String)])
    func aSignalEndsTheRunAfterItsCleanup(signal: String, status: Int32, word: String) throws {
        let sandbox = try sandbox()
        try sandbox.fake(
            "docker-compose",
            #"""
            echo "docker-compose $*" >>"${FAKE_LOG:?}"
            [[ $* == *" run "* ]] && kill -"${FAKE_SIGNAL:?}" "$PPID"
            exit 0
            """#)
        let result = try sandbox.run(
            "docker/compose-lab.sh", ["--registry"] + out(sandbox),
            ["LAB_COMPOSE": "docker-compose", "FAKE_SIGNAL": signal])
        expect(result, exits: status, saying: "compose-lab: \(word)")
        #expect(sandbox.dockerCalls.contains(" down -v --remove-orphans -t 2\n"), "\(sandbox.dockerCalls)")
    }

    @Test func aLabImageThatFailsToBuildIsAFailedStep() throws {
        let sandbox = try sandbox()
        let result = try sandbox.run(
            "docker/compose-lab.sh", ["--registry"] + out(sandbox), ["FAKE_IMAGE": "1", "FAKE_BUILD": "1"])
        expect(
            result, exits: 70,
            saying: "compose-lab: error: building leaklab/lab:latest from docker/lab.Dockerfile failed")
    }

    @Test func anImageBuilderSayingSomethingElseThanTagsIsAFailedStep() throws {
        let sandbox = try sandbox()
        try sandbox.write(
            sandbox.root + "/docker/build-images.sh", "#!/bin/sh\necho SURPRISE=1\n", executable: true)
        let result = try sandbox.run(
            "docker/compose-lab.sh", ["--local", "--bin-dir", try binaries(sandbox)] + out(sandbox))
        expect(
            result, exits: 70,
            saying: "compose-lab: error: docker/build-images.sh printed 'SURPRISE=1', not an image tag")
    }

    @Test func anImageBuilderThatFindsSomethingUnavailableEndsTheRunWithItsStatus() throws {
        let sandbox = try sandbox()
        let result = try sandbox.run(
            "docker/compose-lab.sh",
            ["--local", "--bin-dir", sandbox.scratch.file("no-binaries")] + out(sandbox))
        expect(
            result, exits: 69,
            saying: "build-images: error: \(sandbox.scratch.file("no-binaries"))/fake-backend missing")
        #expect(!result.stderr.contains("compose-lab: error"), "build-images.sh said why: \(result)")
    }

    @Test(arguments: [1, 2, 125])
    func aPlanServiceThatFailsIsAFailedStep(status: Int) throws {
        let sandbox = try sandbox()
        let result = try sandbox.run(
            "docker/compose-lab.sh", ["--registry"] + out(sandbox), ["FAKE_PLAN": "\(status)"])
        expect(result, exits: 70, saying: "compose-lab: error: the plan failed (exit \(status))")
    }

    /// The plan's lab refuses options (64), input (65) or finds something unavailable (69), and said why.
    @Test(arguments: [64, 65, 69])
    func thePlansOwnRefusalIsTheRunsStatus(status: Int32) throws {
        let sandbox = try sandbox()
        let result = try sandbox.run(
            "docker/compose-lab.sh", ["--registry"] + out(sandbox), ["FAKE_PLAN": "\(status)"])
        #expect(result.status == .exited(status), "\(result)")
        #expect(!result.stderr.contains("compose-lab: error"), "\(result)")
    }

    @Test func readingThePlanWithoutPython3IsUnavailable() throws {
        let sandbox = try sandbox(hiding: ["python3"])
        let result = try sandbox.run("docker/compose-lab.sh", ["--registry"] + out(sandbox))
        expect(
            result, exits: 69,
            saying:
                "compose-lab: error: reading \(sandbox.scratch.file("out"))/compose-plan.json needs python3")
    }

    /// Any command that fails where the script does not check it: 70 and the command, not its own 1 (LEAK's).
    @Test func aCommandFailingUncheckedIsAFailedStepNamingIt() throws {
        let sandbox = try sandbox()
        let result = try sandbox.run("docker/compose-lab.sh", ["--registry", "--out", "/proc/leaklab/out"])
        expect(
            result, exits: 70,
            saying: #"compose-lab: error: mkdir -p "$OUT" failed with exit 1 (compose-lab.sh line "#)
        #expect(result.stderr.contains("/proc/leaklab"), "mkdir said which: \(result)")
    }

    /// The collector's status is the run's: LEAK stays 1, however the script treats failures.
    @Test(arguments: [("LEAK", 1), ("PASS", 0), ("INCONCLUSIVE", 2), ("NOT SERVED", 3)] as [(String, Int32)])
    func theCollectorsVerdictIsTheRunsStatus(verdict: String, status: Int32) throws {
        let sandbox = try sandbox()
        let result = try sandbox.run(
            "docker/compose-lab.sh", ["--registry"] + out(sandbox),
            [
                "FAKE_PLAN_JSON": #"{"litellm": {"image": "leaklab/litellm:fake"}}"#, "FAKE_UP": "\(status)",
                "FAKE_VERDICT_JSON": #"{"verdict": "\#(verdict)", "reason": "as the fake collector said"}"#,
            ])
        #expect(result.status == .exited(status), "\(result)")
        #expect(result.stdout.hasSuffix("VERDICT: \(verdict) as the fake collector said\n"), "\(result)")
        #expect(!result.stderr.contains("error"), "\(result)")
    }

    /// Overrides and `lab run` options reach the plan service's LAB_ARGS quoted as its reader reads them, never
    /// matched against files (a file named like a pattern's match sits in the working directory).
    @Test func overridesAndRunOptionsReachLabArgsWordForWord() throws {
        let sandbox = try sandbox()
        try sandbox.write(sandbox.root + "/pkga==1", "")
        try sandbox.fake(
            "docker-compose",
            #"""
            [[ $* == *" run "* ]] && printf '%s' "$LAB_ARGS" >"${FAKE_ARGS:?}"
            [[ $* == *" run "* ]] && exit 64
            exit 0
            """#)
        let result = try sandbox.run(
            "docker/compose-lab.sh",
            ["--registry", "--pip", "pkg?==1  pkg[x]==2"] + out(sandbox) + ["--", "--setting", "a.b=it's *"],
            [
                "LAB_COMPOSE": "docker-compose", "LITELLM_PIP_PINS": "uvicorn==0.32.1",
                "FAKE_ARGS": sandbox.scratch.file("lab-args"),
            ])
        #expect(result.status == .exited(64), "\(result)")
        let labArgs = try sandbox.scratch.read("lab-args")
        #expect(
            labArgs
                == #" '--pip' 'uvicorn==0.32.1' '--pip' 'pkg?==1' '--pip' 'pkg[x]==2' '--setting' 'a.b=it'\''s *'"#
        )
        // And the lab's reader of LAB_ARGS (lab compose-plan's) reads the words back as they were given.
        #expect(
            try ShellWords.words(in: labArgs) == [
                "--pip", "uvicorn==0.32.1", "--pip", "pkg?==1", "--pip", "pkg[x]==2", "--setting",
                "a.b=it's *",
            ])
    }
}

/// `docker/build-images.sh`: no engine, missing or dynamically linked binaries, a failed build.
@Suite struct BuildImagesExitStatusTests {
    private func sandbox() throws -> ScriptSandbox {
        let sandbox = try ScriptSandbox()
        try sandbox.fakeDocker()
        return sandbox
    }

    @Test func noEngineIsUnavailable() throws {
        let sandbox = try sandbox()
        let result = try sandbox.run("docker/build-images.sh", [], ["FAKE_ENGINE": "1"])
        expect(result, exits: 69, saying: "build-images: error: no container engine answers")
    }

    @Test func aMissingBinaryIsUnavailable() throws {
        let sandbox = try sandbox()
        let folder = try binaries(sandbox, ["fake-backend", "load-client", "lab"])
        let result = try sandbox.run("docker/build-images.sh", ["--only", "runtime", "--bin-dir", folder])
        expect(result, exits: 69, saying: "build-images: error: \(folder)/collector missing")
    }

    @Test func aBinaryLinkingTheSwiftRuntimeIsRefused() throws {
        let sandbox = try sandbox()
        try sandbox.fake("ldd", "echo '\tlibswiftCore.so => /usr/lib/swift/linux/libswiftCore.so (0x00007f)'")
        let folder = try binaries(sandbox)
        let result = try sandbox.run("docker/build-images.sh", ["--only", "runtime", "--bin-dir", folder])
        expect(
            result, exits: 65,
            saying: "build-images: error: \(folder)/fake-backend links the Swift runtime dynamically")
    }

    @Test func aFailedBuildIsAFailedStepWithItsLog() throws {
        let sandbox = try sandbox()
        let result = try sandbox.run(
            "docker/build-images.sh", ["--only", "runtime", "--bin-dir", try binaries(sandbox)],
            ["FAKE_BUILD": "1"])
        expect(
            result, exits: 70, saying: "build-images: error: building leaklab/lab:local failed (full log: ")
        #expect(result.stderr.contains("fake build: step 2/5 failed"), "the log's end: \(result)")
    }

    @Test func theLiteLLMImageWithoutTheLabBinaryIsUnavailable() throws {
        let sandbox = try sandbox()
        let folder = try binaries(sandbox, ["fake-backend"])
        let result = try sandbox.run("docker/build-images.sh", ["--only", "litellm", "--bin-dir", folder])
        expect(
            result, exits: 69,
            saying: "build-images: error: \(folder)/lab missing: the LiteLLM image is installed by it")
    }
}

/// `docker/base-image.sh`: no engine, no debootstrap, no mirror, not root, debootstrap failing.
@Suite struct BaseImageExitStatusTests {
    /// A sandbox where the base image is missing and the host's apt names no mirror.
    private func sandbox() throws -> ScriptSandbox {
        let sandbox = try ScriptSandbox()
        try sandbox.fakeDocker()
        try fakeID(sandbox)
        sandbox.environment["FAKE_IMAGE"] = "1"
        sandbox.environment["FAKE_UID"] = "0"
        sandbox.environment["LAB_APT_DIR"] = sandbox.scratch.file("apt")
        return sandbox
    }

    @Test func noEngineIsUnavailable() throws {
        let sandbox = try sandbox()
        let result = try sandbox.run("docker/base-image.sh", [], ["FAKE_ENGINE": "1"])
        expect(result, exits: 69, saying: "base-image: error: no container engine answers")
    }

    @Test func noDebootstrapIsUnavailable() throws {
        let sandbox = try sandbox()
        let result = try sandbox.run("docker/base-image.sh")
        expect(result, exits: 69, saying: "base-image: error: debootstrap missing")
    }

    @Test func noMirrorIsUnavailable() throws {
        let sandbox = try sandbox()
        try sandbox.fake("debootstrap", "exit 0")
        let result = try sandbox.run("docker/base-image.sh")
        expect(
            result, exits: 69,
            saying: "base-image: error: this host's apt sources name no mirror for bookworm")
    }

    @Test func debootstrapWithoutRootIsUnavailable() throws {
        let sandbox = try sandbox()
        try sandbox.fake("debootstrap", "exit 0")
        let result = try sandbox.run(
            "docker/base-image.sh", [],
            ["FAKE_UID": "1000", "LAB_DEBIAN_MIRROR": "http://127.0.0.1:9/debian"])
        expect(result, exits: 69, saying: "base-image: error: debootstrap needs root")
    }

    @Test func aFailedImportIsAFailedStep() throws {
        let sandbox = try sandbox()
        try sandbox.fake("debootstrap", #"mkdir -p "$3/etc/apt/sources.list.d" "$3/etc/apt/apt.conf.d""#)
        let result = try sandbox.run(
            "docker/base-image.sh", [],
            ["LAB_DEBIAN_MIRROR": "http://127.0.0.1:9/debian", "FAKE_IMPORT": "1"])
        expect(result, exits: 70, saying: "base-image: error: docker import of the root file system failed")
    }

    /// debootstrap fails from the mirror the host's apt sources name (one-line or deb822): 70, its log's end.
    @Test(arguments: [
        (
            "sources.list", "deb [arch=amd64 signed-by=/k.gpg] http://127.0.0.1:9/one-line bookworm main\n",
            "one-line"
        ),
        (
            "sources.list.d/debian.sources",
            "Types: deb\nURIs: http://127.0.0.1:9/deb822\nSuites: bookworm bookworm-updates\nComponents: main\n",
            "deb822"
        ),
    ])
    func aFailingDebootstrapIsAFailedStepWithItsLog(file: String, text: String, mirror: String) throws {
        let sandbox = try sandbox()
        try sandbox.write(sandbox.scratch.file("apt/" + file), text)
        try sandbox.fake("debootstrap", #"echo "E: fake debootstrap cannot reach $4"; exit 1"#)
        let result = try sandbox.run("docker/base-image.sh")
        expect(result, exits: 70, saying: "base-image: error: debootstrap failed")
        #expect(
            result.stderr.contains("E: fake debootstrap cannot reach http://127.0.0.1:9/\(mirror)"),
            "\(result)")
    }
}

/// `docker/engine.sh`: a bad command, no engine, not root, a package that will not install, a dockerd that
/// exits or never answers.
@Suite struct EngineExitStatusTests {
    private func sandbox(uid: Int) throws -> ScriptSandbox {
        let sandbox = try ScriptSandbox()
        try sandbox.fakeDocker()
        try fakeID(sandbox)
        sandbox.environment["FAKE_UID"] = "\(uid)"
        sandbox.environment["FAKE_ENGINE"] = "1"
        return sandbox
    }

    /// dockerd, docker-compose and debootstrap present: only the daemon is left to start.
    private func packages(_ sandbox: ScriptSandbox, dockerd: String = "exit 0") throws {
        for name in ["docker-compose", "debootstrap"] { try sandbox.fake(name, "exit 0") }
        try sandbox.fake("dockerd", dockerd)
    }

    @Test func statusWithoutAnEngineIsUnavailable() throws {
        let result = try sandbox(uid: 0).run("docker/engine.sh", ["status"])
        expect(result, exits: 69, saying: "engine: no engine answers", onStdout: true)
    }

    @Test func missingPackagesWithoutRootAreUnavailable() throws {
        let result = try sandbox(uid: 1000).run("docker/engine.sh", ["start"])
        expect(result, exits: 69, saying: ": run as root, or install them yourself")
    }

    @Test func anAptUpdateThatFailsIsUnavailable() throws {
        let sandbox = try sandbox(uid: 0)
        try sandbox.fake("apt-get", "echo 'E: Could not resolve deb.debian.org' >&2; exit 100")
        let result = try sandbox.run("docker/engine.sh", ["start"])
        expect(result, exits: 69, saying: "engine: error: apt-get update failed: Debian's mirrors are needed")
    }

    @Test func packagesThatDoNotInstallAreUnavailable() throws {
        let sandbox = try sandbox(uid: 0)
        try sandbox.fake(
            "apt-get", #"[[ $1 == update ]] && exit 0; echo "E: Unable to locate package" >&2; exit 100"#)
        let result = try sandbox.run("docker/engine.sh", ["start"])
        expect(result, exits: 69, saying: "engine: error: apt-get install ")
        #expect(result.stderr.contains(" failed") && result.stderr.contains("E: Unable to locate package"))
    }

    @Test func startingDockerdWithoutRootIsUnavailable() throws {
        let sandbox = try sandbox(uid: 1000)
        try packages(sandbox)
        let result = try sandbox.run("docker/engine.sh", ["start"])
        expect(result, exits: 69, saying: "engine: error: no engine answers and starting dockerd needs root")
    }

    @Test func aDockerdThatExitsIsAFailedStepWithItsLog() throws {
        let sandbox = try sandbox(uid: 0)
        try packages(sandbox, dockerd: "echo 'fake dockerd: failed to start daemon'; exit 1")
        let result = try sandbox.run("docker/engine.sh", ["start"])
        expect(result, exits: 70, saying: "engine: error: dockerd exited (log above: ")
        #expect(result.stderr.contains("fake dockerd: failed to start daemon"), "\(result)")
    }

    /// dockerd runs but the engine never answers in LAB_ENGINE_WAIT (0 s): engine.sh stops it, then 70. The
    /// fake engine's first `info` after the start waits on a FIFO until the fake dockerd runs (so the script
    /// sees it by its name), and the fake dockerd becomes a `sleep` named dockerd.
    @Test func aDockerdThatNeverAnswersIsStoppedAndAFailedStep() throws {
        let sandbox = try sandbox(uid: 0)
        let fifo = sandbox.scratch.file("dockerd-started")
        #expect(mkfifo(fifo, 0o600) == 0)
        let sleeper = sandbox.scratch.file("sleeper/dockerd")
        try FileManager.default.createDirectory(
            atPath: sandbox.scratch.file("sleeper"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: sleeper, withDestinationPath: "/usr/bin/sleep")
        try packages(sandbox, dockerd: #"exec 4>"${FAKE_FIFO:?}"; exec "${FAKE_SLEEPER:?}" 100000"#)
        try sandbox.fake(
            "docker",
            #"""
            [[ $1 == info && -e $LAB_ENGINE_DIR/dockerd.pid ]] && exec 3<"${FAKE_FIFO:?}"
            exit 1
            """#)
        let result = try sandbox.run(
            "docker/engine.sh", ["start"],
            ["FAKE_FIFO": fifo, "FAKE_SLEEPER": sleeper, "LAB_ENGINE_WAIT": "0"])
        expect(result, exits: 70, saying: "engine: error: dockerd did not answer within 0s (stopped)")
        #expect(result.stderr.contains("engine: stopped our dockerd"), "\(result)")
    }
}

/// `docker/compose-test.sh`: a failed case fails the suite with 70; a step's own status passes through.
@Suite struct ComposeTestExitStatusTests {
    /// The suite's own scripts replaced: an engine that is there, a base image that is there, a compose lab
    /// whose every run is INCONCLUSIVE; a lab binary whose runs do not LEAK.
    private func sandbox(engine: String = "exit 0") throws -> ScriptSandbox {
        let sandbox = try ScriptSandbox()
        try sandbox.fakeDocker()
        try sandbox.write(sandbox.root + "/docker/engine.sh", "#!/bin/bash\n\(engine)\n", executable: true)
        try sandbox.write(sandbox.root + "/docker/base-image.sh", "#!/bin/bash\nexit 0\n", executable: true)
        try sandbox.write(
            sandbox.root + "/docker/compose-lab.sh",
            "#!/bin/bash\n[[ $1 == down ]] && exit 0\necho 'VERDICT: INCONCLUSIVE fake'\nexit 2\n",
            executable: true)
        return sandbox
    }

    @Test func aFailedCaseIsAFailedSuite() throws {
        let sandbox = try sandbox()
        let folder = sandbox.scratch.file("static")
        try sandbox.write(
            folder + "/lab",
            #"""
            #!/bin/bash
            case $1 in
              run) [[ " $* " == *" --expect leak "* ]] && { echo "VERDICT: PASS fake"; exit 1; }; exec sleep 100000 ;;
            esac
            exit 0
            """#, executable: true)
        let result = try sandbox.run("docker/compose-test.sh", ["--bin-dir", folder])
        expect(result, exits: 70, saying: "compose-test: error: 4 compose case(s) failed")
        #expect(result.stderr.contains("native-image-killed: ok"), "\(result)")
    }

    /// A command that cannot run at all (here engine.sh, not executable) is something unavailable: 69.
    @Test func aScriptItCannotRunIsUnavailable() throws {
        let sandbox = try sandbox()
        chmod(sandbox.root + "/docker/engine.sh", 0o644)
        let result = try sandbox.run("docker/compose-test.sh")
        expect(result, exits: 69, saying: "compose-test: error: ")
        #expect(
            result.stderr.contains("engine.sh\": missing or not executable (compose-test.sh line "),
            "\(result)")
    }

    @Test func anEngineThatCannotStartEndsTheSuiteWithItsStatus() throws {
        let sandbox = try sandbox(engine: "echo 'engine: error: fake' >&2; exit 69")
        let result = try sandbox.run("docker/compose-test.sh")
        expect(result, exits: 69, saying: "engine: error: fake")
        #expect(!result.stderr.contains("compose-test: error"), "\(result)")
    }
}

/// `.ci/fanout/*`: bad input 64, no lab 69, a failed step or check 70; a cell's status is its lab's.
@Suite struct FanoutExitStatusTests {
    private static let twoCells =
        #"{"include": [{"id": "c1", "arguments": ["run", "--scenario", "chat"]}, "#
        + #"{"id": "c2", "arguments": ["run", "--scenario", "chat-stream-mid"]}]}"#

    /// A sandbox with a fake `lab` (LAB): `matrix` writes FAKE_PLAN to --plan, `run` logs its arguments and
    /// exits FAKE_RUN, `report` writes FAKE_REPORT as --runs-dir's report/report.json.
    private func sandbox() throws -> ScriptSandbox {
        let sandbox = try ScriptSandbox()
        try sandbox.fake(
            "fake-lab",
            #"""
            value() { local want=$1; shift; while (($#)); do [[ $1 == "$want" ]] && { echo "$2"; return; }; shift; done; }
            case $1 in
              matrix) printf '%s\n' "${FAKE_PLAN:?}" >"$(value --plan "$@")" ;;
              run) printf '%s\n' "$*" >>"${FAKE_RUNS:?}"; exit "${FAKE_RUN:-0}" ;;
              report)
                runs=$(value --runs-dir "$@")
                mkdir -p "$runs/report"
                printf '%s\n' "${FAKE_REPORT:?}" >"$runs/report/report.json"
                echo "# fake report" >"$runs/report/report.md" ;;
            esac
            """#)
        sandbox.environment["LAB"] = sandbox.bin + "/fake-lab"
        sandbox.environment["FAKE_RUNS"] = sandbox.scratch.file("runs.log")
        return sandbox
    }

    @Test func bisectWithoutItsReleasesIsABadInput() throws {
        let result = try sandbox().run(".ci/fanout/bisect")
        expect(result, exits: 64, saying: "bisect: error: BISECT_GOOD and BISECT_BAD name the two releases")
    }

    @Test func aPlanWithoutAMatrixIsABadInput() throws {
        let result = try sandbox().run(".ci/fanout/plan", [], ["MATRIX_FILE": "/nonexistent/matrix.args"])
        expect(
            result, exits: 64,
            saying: "plan: error: no MATRIX_VERSIONS and no readable /nonexistent/matrix.args")
    }

    @Test(arguments: [
        ([], "1", "cell: error: usage: CELL_ARGUMENTS=JSON .ci/fanout/cell ID"),
        (["../escape"], "1", "cell: error: usage: CELL_ARGUMENTS=JSON .ci/fanout/cell ID"),
        (["c1"], "", "cell: error: CELL_ARGUMENTS is empty"),
        (["c1"], "[\"run\", ", "cell: error: CELL_ARGUMENTS is not JSON"),
        (
            ["c1"], "[\"bisect\"]",
            "cell: error: CELL_ARGUMENTS must be a JSON array of strings starting with \"run\""
        ),
        (
            ["c1"], "[\"run\", 1]",
            "cell: error: CELL_ARGUMENTS must be a JSON array of strings starting with \"run\""
        ),
    ])
    func aCellWithBadArgumentsIsABadInput(arguments: [String], cell: String, message: String) throws {
        let sandbox = try sandbox()
        let result = try sandbox.run(".ci/fanout/cell", arguments, ["CELL_ARGUMENTS": cell])
        expect(result, exits: 64, saying: message)
        #expect(!FileManager.default.fileExists(atPath: sandbox.scratch.file("runs.log")), "no lab ran")
    }

    @Test func aCellWhoseLabIsNotExecutableIsUnavailable() throws {
        let result = try sandbox().run(
            ".ci/fanout/cell", ["c1"], ["CELL_ARGUMENTS": #"["run"]"#, "LAB": "/nonexistent/lab"])
        expect(result, exits: 69, saying: "cell: error: LAB=/nonexistent/lab is not an executable")
    }

    @Test func aCellWithoutLabOrToolchainIsUnavailable() throws {
        let sandbox = try sandbox()
        sandbox.environment["LAB"] = nil
        let result = try sandbox.run(".ci/fanout/cell", ["c1"], ["CELL_ARGUMENTS": #"["run"]"#])
        expect(result, exits: 69, saying: "cell: error: no LAB and no Swift toolchain to build the lab with")
    }

    @Test func aCellWhoseLabDoesNotBuildIsAFailedStep() throws {
        let sandbox = try sandbox()
        sandbox.environment["LAB"] = nil
        try sandbox.fake("swift", "echo 'error: fake compiler failure' >&2; exit 1")
        let result = try sandbox.run(".ci/fanout/cell", ["c1"], ["CELL_ARGUMENTS": #"["run"]"#])
        expect(result, exits: 70, saying: "cell: error: swift build -c release --product lab failed")
    }

    /// The cell's status is its `lab run`'s (LEAK's 1 included), with the plan's arguments, its folder, ports.
    @Test(arguments: [0, 1, 2, 69] as [Int32])
    func aCellEndsWithItsLabsStatus(status: Int32) throws {
        let sandbox = try sandbox()
        let result = try sandbox.run(
            ".ci/fanout/cell", ["c1"],
            ["CELL_ARGUMENTS": #"["run", "--setting", "a=b c"]"#, "FAKE_RUN": "\(status)"])
        #expect(result.status == .exited(status), "\(result)")
        #expect(result.stderr.contains("cell: c1: lab run --setting 'a=b c'"), "\(result)")
        #expect(
            try sandbox.scratch.read("runs.log")
                == "run --setting a=b c --runs-dir lab-runs/fanout/cells/c1 --backend-port 0 --proxy-port 0\n"
        )
    }

    @Test func mergeWithoutTheCellsIsUnavailable() throws {
        let result = try sandbox().run(".ci/fanout/merge")
        expect(
            result, exits: 69,
            saying: "merge: error: no lab-runs/fanout/cells: download the cells' artifacts there first")
    }

    @Test func aPlannedCellMissingFromTheMergeIsAFailedCheck() throws {
        let sandbox = try sandbox()
        try sandbox.write(sandbox.root + "/lab-runs/fanout/plan.json", Self.twoCells)
        try FileManager.default.createDirectory(
            atPath: sandbox.root + "/lab-runs/fanout/cells", withIntermediateDirectories: true)
        let result = try sandbox.run(
            ".ci/fanout/merge", [],
            [
                "FAKE_REPORT":
                    #"{"cells": [{"scenario": "chat", "verdict": "LEAK", "command": "lab run --scenario chat"}]}"#
            ])
        expect(result, exits: 70, saying: "merge: error: no measurement of the planned cells c2")
    }

    @Test func aLocalPlanWithoutTwoCellsIsAFailedCheck() throws {
        let result = try sandbox().run(
            ".ci/fanout/local", [], ["FAKE_PLAN": #"{"include": [{"id": "c1", "arguments": ["run"]}]}"#])
        expect(result, exits: 70, saying: "fanout-test: error: the plan has 1 cells, not 2")
    }

    @Test func aLocalCellThatFailsIsAFailedCheck() throws {
        let result = try sandbox().run(".ci/fanout/local", [], ["FAKE_PLAN": Self.twoCells, "FAKE_RUN": "2"])
        expect(result, exits: 70, saying: "fanout-test: error: cell c1 ended with 2 (log: ")
    }

    @Test func localMergedVerdictsOtherThanLeakAreAFailedCheck() throws {
        let report =
            #"{"cells": [{"scenario": "chat", "verdict": "PASS", "command": "lab run --scenario chat"}, "#
            + #"{"scenario": "chat-stream-mid", "verdict": "LEAK", "command": "lab run --scenario chat-stream-mid"}]}"#
        let result = try sandbox().run(
            ".ci/fanout/local", [], ["FAKE_PLAN": Self.twoCells, "FAKE_REPORT": report])
        expect(
            result, exits: 70,
            saying: "fanout-test: error: merged verdicts: chat-stream-mid=LEAK chat=PASS (expected chat and")
    }
}

/// `.ci/run`, `.ci/stress-test`, `.ci/lint-workflows`, `.ci/lint-shell`.
@Suite struct CIExitStatusTests {
    /// What `.ci/run` looks for, present as fakes: make (logging its targets), swift, python3 with venv, the
    /// control proxies; dpkg knows no package and apt-get logs what it installs, then exits FAKE_APT.
    private func ciSandbox() throws -> ScriptSandbox {
        let sandbox = try ScriptSandbox()
        try sandbox.fake("make", #"echo "make $*" >>"${FAKE_LOG:?}""#)
        for name in ["swift", "python3", "nginx", "haproxy", "caddy"] { try sandbox.fake(name, "exit 0") }
        try sandbox.fake("dpkg", "exit 1")
        try sandbox.fake(
            "apt-get",
            #"echo "apt-get $*" >>"${FAKE_LOG:?}"; [[ $1 == update ]] && exit "${FAKE_APT_UPDATE:-0}"; exit "${FAKE_APT:-0}""#
        )
        sandbox.environment["FAKE_LOG"] = sandbox.scratch.file("calls.log")
        sandbox.environment["LAB_SWIFT_DIR"] = sandbox.scratch.file("no-toolchain")
        return sandbox
    }

    @Test func ciWithoutSwiftIsUnavailable() throws {
        let sandbox = try ciSandbox()
        try FileManager.default.removeItem(atPath: sandbox.bin + "/swift")
        let result = try sandbox.run(".ci/run")
        expect(result, exits: 69, saying: "ci: error: swift is not installed (expected in ")
        #expect(!sandbox.scratch.fileContains("calls.log", count: 1, of: "make test"))
    }

    @Test func ciInstallsShellCheckThenRunsTheTests() throws {
        let sandbox = try ciSandbox()
        let result = try sandbox.run(".ci/run")
        #expect(result.status == .exited(0), "\(result)")
        let calls = try sandbox.scratch.read("calls.log")
        #expect(
            calls.contains("apt-get install -y -qq shellcheck\n") && calls.hasSuffix("make test\n"),
            "\(calls)")
    }

    @Test func aPackageCiCannotInstallIsUnavailable() throws {
        let sandbox = try ciSandbox()
        try FileManager.default.removeItem(atPath: sandbox.bin + "/caddy")
        let result = try sandbox.run(".ci/run", [], ["FAKE_APT": "100"])
        expect(result, exits: 69, saying: "ci: error: apt-get install caddy failed")
        #expect(!sandbox.scratch.fileContains("calls.log", count: 1, of: "make test"))
    }

    @Test func anAptUpdateCiCannotDoIsUnavailable() throws {
        let sandbox = try ciSandbox()
        try FileManager.default.removeItem(atPath: sandbox.bin + "/caddy")
        let result = try sandbox.run(".ci/run", [], ["FAKE_APT_UPDATE": "100"])
        expect(
            result, exits: 69,
            saying: "ci: error: apt-get update failed: Debian's mirrors are needed to install caddy")
    }

    @Test func aFailedStressRunIsAFailedStep() throws {
        let sandbox = try ScriptSandbox()
        try sandbox.fake("make", "echo 'make: *** [Makefile:42: unit-test] Error 1'; exit 2")
        let result = try sandbox.run(".ci/stress-test", [], ["STRESS_RUNS": "1"])
        expect(result, exits: 70, saying: "stress-test: run 1/1 FAILED")
        #expect(
            result.stderr.contains("make: *** [Makefile:42: unit-test] Error 1"), "the log's end: \(result)")
    }

    /// Without `.ci/lib.sh`'s groups, bash ran the TERM trap only once `make test` had ended, a whole run later.
    @Test func aStressRunStoppedBySIGTERMEndsTheMakeTestUnderWayAtOnce() throws {
        let sandbox = try ScriptSandbox()
        let started = sandbox.scratch.file("started.fifo")
        let stopped = sandbox.scratch.file("stopped.fifo")
        for fifo in [started, stopped] { #expect(mkfifo(fifo, 0o600) == 0) }
        try sandbox.fake(
            "make",
            #"""
            trap 'echo stopped >"$FAKE_STOPPED"; exit 143' TERM
            echo started >"$FAKE_STARTED"
            sleep 600 & wait
            """#)
        let script = try sandbox.start(
            ".ci/stress-test", [], ["STRESS_RUNS": "1", "FAKE_STARTED": started, "FAKE_STOPPED": stopped])
        // Reading a FIFO waits for its writer: the fake `make test` is under way, then it was stopped.
        #expect(try Self.readAll(started) == "started\n")
        kill(script.pid, SIGTERM)
        #expect(script.waitForExit() == .exited(143))
        #expect(
            try Self.readAll(stopped) == "stopped\n", "the make test under way was stopped with the script")
    }

    /// Everything written to the FIFO at `path` by its one writer (opening it waits for that writer).
    private static func readAll(_ path: String) throws -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        try #require(descriptor >= 0, "open \(path): errno \(errno)")
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while case let count = read(descriptor, &buffer, buffer.count), count != 0 {
            if count < 0 {
                guard errno == EINTR else { break }
                continue
            }
            bytes += buffer[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func aBadStressRunCountIsABadOption() throws {
        let result = try ScriptSandbox().run(".ci/stress-test", [], ["STRESS_RUNS": "many"])
        expect(result, exits: 64, saying: "stress-test: STRESS_RUNS must be a positive number, not 'many'")
    }

    @Test func workflowLintToolsThatDoNotInstallAreUnavailable() throws {
        let sandbox = try ScriptSandbox()
        try sandbox.fake("python3", "exit 1")
        let result = try sandbox.run(".ci/lint-workflows")
        expect(
            result, exits: 69,
            saying: "lint-workflows: error: installing check-jsonschema==0.39.0 zizmor==1.32.0 failed")
    }

    @Test func shellLintWithoutShellCheckIsUnavailable() throws {
        let result = try ScriptSandbox().run(".ci/lint-shell")
        expect(
            result, exits: 69,
            saying: "lint-shell: error: shellcheck is not installed (Debian: apt-get install shellcheck)")
    }
}
