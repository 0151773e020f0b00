import Foundation
import Glibc
import LabTestSupport
import Testing

@testable import LabInstalls
@testable import LabProcesses
@testable import LabProxies

@Suite struct ContainerImageTests {
    @Test func anImageIsNamedByItsIDAndTheLiteLLMInIt() throws {
        let docker = try FakeDocker()
        let build = try ContainerImage(
            reference: "leaklab/litellm:1.61.20", environment: ["LAB_DOCKER": docker.path]
        )
        .read()
        #expect(build.kind == .image)
        #expect(build.version == "1.61.20")
        #expect(build.imageDigest == FakeDocker.imageDigest)
        #expect(build.name == "1.61.20-img-4f2a9c0e")
        #expect(build.commandLineWords == ["--litellm-image", "leaklab/litellm:1.61.20"])
        #expect(
            build.description
                == "LiteLLM 1.61.20, image leaklab/litellm:1.61.20 (ID \(FakeDocker.imageDigest), built here)"
        )
        // The version is asked of the image by its ID: a tag moved meanwhile cannot change what is measured.
        #expect(
            docker.calls.last?.contains("--network none --entrypoint python \(FakeDocker.imageDigest) -c")
                == true)
    }

    @Test func aWordWithTheImagePrefixNamesAnImage() {
        #expect(
            LiteLLMBuildRequest(word: "image:leaklab/litellm:1.61.20") == .image("leaklab/litellm:1.61.20"))
        #expect(
            LiteLLMBuildRequest.image("ghcr.io/berriai/litellm:main").description
                == "image:ghcr.io/berriai/litellm:main")
    }

    @Test func aMissingImageAndAMissingEngineAreToldApart() throws {
        let docker = try FakeDocker()
        #expect {
            try ContainerImage(reference: "leaklab/litellm:9.9.9", environment: ["LAB_DOCKER": docker.path])
                .read()
        } throws: { error in
            guard case .imageMissing(let image, _) = error as? LiteLLMBuildError else { return false }
            return image == "leaklab/litellm:9.9.9" && "\(error)".contains("docker/build-images.sh")
        }
        let noEngine = try FakeDocker(engineAnswers: false)
        #expect(throws: LiteLLMBuildError.noContainerEngine(noEngine.path)) {
            try ContainerImage(reference: "leaklab/litellm:9.9.9", environment: ["LAB_DOCKER": noEngine.path])
                .read()
        }
    }

    @Test func pythonSeesTheCallersPathsWritableOnlyWhereAsked() {
        let image = ContainerImage(reference: "x", environment: ["LAB_DOCKER": "docker"])
        let here = FileManager.default.currentDirectoryPath
        let words = image.pythonCommand(
            imageDigest: "sha256:1", paths: ["/etc/litellm"], writable: ["/runs/one"])
        #expect(words.starts(with: ["docker", "run", "--rm", "--network", "none", "--user"]))
        #expect(words.suffix(3) == ["--entrypoint", "python", "sha256:1"])
        let joined = words.joined(separator: " ")
        #expect(joined.contains("--workdir \(here) "))
        #expect(joined.contains("--volume /etc/litellm:/etc/litellm:ro"))
        #expect(joined.contains("--volume \(here):\(here):ro"))
        #expect(joined.contains("--volume /runs/one:/runs/one --entrypoint"))
    }
}

@Suite struct ProxyContainerTests {
    @Test func theProxyRunsOnTheHostsLoopbackWithItsKeyPassedByNameAndIsRemovedOnStop() throws {
        let docker = try FakeDocker()
        let log = docker.scratch.file("proxy.log")
        let proxy = try ProxyProcess.startLiteLLMContainer(
            image: ContainerImage(
                reference: "leaklab/litellm:1.61.20", environment: ["LAB_DOCKER": docker.path]),
            imageDigest: FakeDocker.imageDigest, configFile: "/runs/one/litellm-config.yaml", port: 4999,
            log: log,
            extraEnvironment: ["LITELLM_MASTER_KEY": "sk-secret"],
            callerEnvironment: ["PATH": "/usr/bin:/bin"])
        #expect(pollUntil { ((try? docker.scratch.read("proxy.log")) ?? "").contains("proxy up") })
        let name = try #require(proxy.container?.name)
        let expected: [String] = [
            "run --rm --init --name \(name) --network host",
            "--volume /runs/one/litellm-config.yaml:/app/config.yaml:ro",
            "--env LITELLM_LOCAL_MODEL_COST_MAP --env LITELLM_MASTER_KEY --env PYTHONUNBUFFERED",
            "\(FakeDocker.imageDigest) --config /app/config.yaml --host 127.0.0.1 --port 4999",
        ]
        #expect(docker.calls.first == expected.joined(separator: " "))
        #expect(try docker.scratch.read("proxy.env").contains("LITELLM_MASTER_KEY=sk-secret"))
        #expect(!docker.calls.joined().contains("sk-secret"), "no secret on a command line")

        proxy.stop()
        #expect(docker.calls.contains("rm --force \(name)"))
        #expect(proxy.child.exitStatus() != nil, "the docker run ended with its container")
    }

    @Test func theWatchdogRemovesTheContainersStillOnItsListWhenTheLabIsGone() throws {
        let docker = try FakeDocker()
        let input = docker.scratch.file("watchdog-input")
        try """
        add-container \(docker.path) leaklab-proxy-1
        add-container \(docker.path) leaklab-proxy-2
        drop-container \(docker.path) leaklab-proxy-1

        """.write(toFile: input, atomically: true, encoding: .utf8)
        var spec = ChildProcess.Spec(
            "/bin/sh", ["-c", "exec /bin/sh -c \"$0\" < \"$1\"", OrphanGuard.script, input])
        spec.timeLimit = .seconds(60)
        _ = try ChildProcess.run(spec)
        #expect(docker.calls == ["rm --force leaklab-proxy-2"])
    }
}
