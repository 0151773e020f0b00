import Foundation
import Testing

@testable import LabCore
@testable import LabInstalls
@testable import LabRecords
@testable import LeakLab

@Suite struct LabJobTests {
    @Test func runReadsItsScenarioVersionAndSettings() throws {
        guard
            case .run(let settings) = try parseJob(
                "run",
                [
                    "--scenario", "chat-reset", "--litellm-version", "1.74.0", "--setting",
                    "router_settings.num_retries=0",
                ])
        else { Issue.record("not a run"); return }
        #expect(settings.load.scenario.name == "chat-reset")
        #expect(settings.proxy.build == .release("1.74.0"))
        #expect(settings.proxy.configSettings == ["router_settings.num_retries=0"])
    }

    @Test(arguments: [
        ("foo", "--setting foo: setting 'foo' is not section.key=value"),
        ("foo.bar=1", "--setting foo.bar=1: setting 'foo.bar=1': unknown section 'foo'"),
        ("model.timeout=soon", "--setting model.timeout=soon:"),
    ])
    func aSettingLiteLLMsConfigCannotTakeIsRefusedBeforeAnythingStarts(setting: String, message: String) {
        for command in ["run", "matrix", "compare", "drift"] {
            #expect {
                try parseJob(
                    command, ["--setting", setting, "--versions", "1.61.20", "--before", "a", "--after", "b"])
            } throws: { error in
                "\(error)".hasPrefix(message)
            }
        }
    }

    @Test func matrixNeedsVersionsAndTakesAllScenarios() throws {
        #expect(throws: UsageError.self) { try parseJob("matrix", []) }
        guard
            case .matrix(_, let builds, _, let scenarios) = try parseJob(
                "matrix", ["--versions", "1.61.20,latest", "--scenarios", "all"])
        else { Issue.record("not a matrix"); return }
        #expect(builds == [.release("1.61.20"), .release("latest")])
        #expect(scenarios.count == Scenario.catalogue.count)
    }

    @Test func bisectNeedsBothEndsAndRejectsWordsOnlyRunTakes() throws {
        #expect(throws: UsageError.self) { try parseJob("bisect", ["--good", "1.90.0"]) }
        #expect(throws: UsageError.self) {
            try parseJob("bisect", ["--good", "1", "--bad", "2", "--repeat", "3"])
        }
        guard
            case .bisect(let settings, let good, let bad) = try parseJob(
                "bisect", ["--good", "1.110.2", "--bad", "1.61.20", "--scenario", "messages"])
        else { Issue.record("not a bisect"); return }
        #expect((good, bad) == ("1.110.2", "1.61.20"))
        #expect(settings.load.scenario.name == "messages")
    }

    @Test func searchesInstallAheadAndMeasureSeveralAtOnceOnPortsTheLabChooses() throws {
        guard case .bisect(let defaults, _, _) = try parseJob("bisect", ["--good", "1", "--bad", "2"]) else {
            Issue.record("not a bisect")
            return
        }
        #expect(defaults.machine.installsAhead == 2)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        #expect(
            defaults.machine.versionsAtOnce == min(cores, 4), "a proxy per core: each is one Python process")
        guard
            case .bisect(let oneAtOnce, _, _) = try parseJob(
                "bisect", ["--good", "1", "--bad", "2", "--versions-at-once", "1"]),
            case .run(let run) = try parseJob("run", [])
        else {
            Issue.record("not a bisect and a run")
            return
        }
        #expect(oneAtOnce.machine.proxyPort == 4000 && run.machine.proxyPort == 4000)
        guard
            case .matrix(let settings, _, _, _) = try parseJob(
                "matrix", ["--versions", "1.61.20,1.90.0", "--prefetch", "0", "--versions-at-once", "2"])
        else {
            Issue.record("not a matrix")
            return
        }
        #expect((settings.machine.installsAhead, settings.machine.versionsAtOnce) == (0, 2))
        #expect(settings.machine.proxyPort == 0, "two proxies at once cannot share one port")
        #expect(throws: UsageError.self, "lab run measures one build") {
            try parseJob("run", ["--prefetch", "1"])
        }
        #expect(throws: UsageError.self) {
            try parseJob("compare", ["--before", "1", "--after", "2", "--prefetch", "-1"])
        }
    }

    @Test func everyCommandTakesOverridesADayAndConstraints() throws {
        let words = [
            "--pip", "uvicorn==0.32.1", "--resolve-as-of", "2025-02-20", "--constraints", "/dev/null",
        ]
        guard
            case .matrix(let settings, _, _, _) = try parseJob("matrix", ["--versions", "1.61.20"] + words),
            case .run(let run) = try parseJob("run", words)
        else { Issue.record("not a matrix and a run"); return }
        for dependencies in [settings.proxy.dependencies, run.proxy.dependencies] {
            #expect(dependencies.overrides == ["uvicorn==0.32.1"])
            #expect(dependencies.resolveAsOf == "2025-02-20")
            #expect(dependencies.constraintsFile == "/dev/null")
        }
    }

    @Test func rejectsABadDayAndAMissingConstraintsFile() throws {
        #expect {
            try parseJob("run", ["--resolve-as-of", "20-02-2025"])
        } throws: { error in
            (error as? UsageError)?.description.contains("YYYY-MM-DD") == true
        }
        #expect {
            try parseJob("run", ["--constraints", "/no/such/constraints.txt"])
        } throws: { error in
            (error as? UsageError)?.description.hasPrefix(
                "--constraints /no/such/constraints.txt: no readable file")
                == true
        }
    }

    @Test func runTakesOneBuildASourceTreeAWheelOrAnImageInsteadOfAVersion() throws {
        guard case .run(let source) = try parseJob("run", ["--litellm-source", "../litellm"]),
            case .run(let wheel) = try parseJob("run", ["--litellm-wheel", "x.whl"]),
            case .run(let image) = try parseJob("run", ["--litellm-image", "leaklab/litellm:1.61.20"])
        else { Issue.record("not runs"); return }
        #expect(source.proxy.build == .source("../litellm"))
        #expect(wheel.proxy.build == .wheel("x.whl"))
        #expect(image.proxy.build == .image("leaklab/litellm:1.61.20"))
        #expect(throws: UsageError.self) {
            try parseJob("run", ["--litellm-image", "leaklab/litellm:1.61.20", "--litellm-wheel", "x.whl"])
        }
        #expect(throws: UsageError.self) {
            try parseJob("run", ["--litellm-source", "../litellm", "--litellm-version", "1.61.20"])
        }
        #expect(throws: UsageError.self) {
            try parseJob("run", ["--litellm-source", "../litellm", "--litellm-wheel", "x.whl"])
        }
        // LITELLM_VERSION is only the version's default: a tree named on the command line wins.
        var options = CommandOptions(
            ["--litellm-source", "../litellm"], environment: ["LITELLM_VERSION": "1.74.0"])
        #expect(try LabSettings.readBuild(&options) == .source("../litellm"))
    }

    @Test func matrixTakesReleasesTreesWheelsAndImagesAsBuilds() throws {
        guard
            case .matrix(_, let builds, _, _) = try parseJob(
                "matrix", ["--versions", "1.61.20,./litellm,dist/x.whl,image:leaklab/litellm:1.61.20"])
        else { Issue.record("not a matrix"); return }
        #expect(
            builds == [
                .release("1.61.20"), .source("./litellm"), .wheel("dist/x.whl"),
                .image("leaklab/litellm:1.61.20"),
            ])
    }

    @Test func aLiteLLMProxyHandsItsBuildToTheReportAndAControlHandsNone() throws {
        let build = LiteLLMBuild.release(try LiteLLMVersion("1.61.20"))
        let proxies: [any ProxyUnderTest] = [
            LiteLLMUnderTest(build: build, settings: LabSettings()), ControlUnderTest(choice: .nginx),
        ]
        #expect(proxies.map(\.litellmBuild) == [build, nil])
    }

    @Test func aBuildThatIsNoTreeOrWheelEndsTheCommandAsBadInput() throws {
        let say: (String) -> Void = { _ in }
        for request in [LiteLLMBuildRequest.source("/no/such/tree"), .wheel("/no/such.whl"), .wheel("/")] {
            #expect {
                try LiteLLMUnderTest.resolve(request, say: say)
            } throws: { error in
                (error as? LiteLLMInstallError)?.exitStatus == UsageError.exitCode
            }
        }
        let gitFailed = LiteLLMInstallError.invalidBuild(.gitFailed(path: "/x", output: "no git"))
        #expect(gitFailed.exitStatus == CommandFailure.unavailableExitCode)
    }
}

@Suite struct LabInstallOptionsTests {
    @Test func installNeedsAVersionAndAFolderAndRefusesACompromisedRelease() throws {
        var missing = CommandOptions(["--litellm-version", "1.61.20"], environment: [:])
        #expect(throws: UsageError.self) {
            try LabInstall.run(&missing, output: try LineWriter(appendingTo: "/dev/null"))
        }
        var refused = CommandOptions(
            ["--litellm-version", "1.82.7", "--into", "/nonexistent"], environment: [:])
        #expect(throws: LiteLLMInstallError.self) {
            try LabInstall.run(&refused, output: try LineWriter(appendingTo: "/dev/null"))
        }
    }
}

/// `make lab LAB_ARGS=...` hands its words to `lab run` through the environment: read as a shell splits
/// words, nothing expanded, so no shell ever evaluates what a user typed.
@Suite struct LabArgsTests {
    @Test func aRunReadsTheWordsOfLabArgsAfterItsOwn() throws {
        guard
            case .run(let settings) = try parseJob(
                "run", ["--requests", "3"],
                environment: [
                    "LAB_ARGS": "--scenario 'chat-stream-mid' --setting \"general_settings.num_retries=0\""
                ])
        else { Issue.record("not a run"); return }
        #expect(settings.load.requests == 3 && settings.load.scenario.name == "chat-stream-mid")
        #expect(settings.proxy.configSettings == ["general_settings.num_retries=0"])
    }

    @Test func labArgsThatAShellWouldEvaluateAreRefusedNotRun() {
        #expect(throws: UsageError.self) {
            try parseJob(
                "run", [], environment: ["LAB_ARGS": "--scenario chat; touch /tmp/lab-args-evaluated"])
        }
        #expect(throws: UsageError.self) { try parseJob("run", [], environment: ["LAB_ARGS": "$(touch x)"]) }
    }

    @Test func otherCommandsDoNotReadLabArgs() throws {
        guard
            case .matrix(let settings, _, _, _) = try parseJob(
                "matrix", ["--versions", "1.61.20"], environment: ["LAB_ARGS": "--requests 3"])
        else { Issue.record("not a matrix"); return }
        #expect(settings.load.requests == LabSettings.Load().requests)
    }
}
