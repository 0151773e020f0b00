import Foundation
import Glibc
@testable import LabInstalls
@testable import LabProcesses
@testable import LabProxies
@testable import LabRecords
import LabTestSupport
import Testing

/// Installs the real LiteLLM from PyPI and starts its proxy: about 30 s and 230 MB, so it runs
/// only with `LAB_INSTALL_TESTS=1` (`LAB_INSTALL_TEST_VERSION` picks another version, or `latest`).
@Suite struct LiteLLMInstallIntegrationTests {
    static let environment = ProcessInfo.processInfo.environment

    @Test(.enabled(if: environment["LAB_INSTALL_TESTS"] == "1"), .timeLimit(.minutes(10)))
    func installsTheRealProxyWhichBecomesHealthyAndStops() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let installer = LiteLLMInstaller(cacheRoot: scratch.file("cache"))
        let log = scratch.file("install.log")
        let version = try installer.resolve(
            Self.environment["LAB_INSTALL_TEST_VERSION"] ?? LiteLLMVersion.reported, log: log
        ) { print($0) }
        let venv = try installer.ensure(build: .release(version), log: log) { print($0) }
        #expect(try venv.freeze().contains("litellm==\(version)\n"))

        var config = LiteLLMConfig(backendURL: "http://127.0.0.1:9", masterKey: "sk-lab")
        try config.apply(setting: "general_settings.cancel_on_disconnect=true")
        try config.apply(setting: "router_settings.num_retries=0")
        try config.apply(setting: "model.timeout=5")
        try config.write(toFile: scratch.file("config.yaml"))
        let (descriptor, port) = try listeningSocket()
        close(descriptor)
        try PortCheck.ensureFree(port: port)

        let proxy = try ProxyProcess.startLiteLLM(
            executable: venv.litellmExecutable, configFile: scratch.file("config.yaml"), port: port,
            log: scratch.file("proxy.log"))
        defer { proxy.stop() }
        let started = ContinuousClock.now
        try proxy.waitUntilHealthy(timeout: .seconds(90)) {
            (try? ChildProcess.run(
                .init(
                    "curl",
                    [
                        "-sf", "-o", "/dev/null", "--max-time", "1",
                        proxy.baseURL + "/health/liveliness",
                    ])))?.isSuccess == true
        }
        print("LiteLLM \(version) healthy after \(ContinuousClock.now - started)")
        #expect(throws: PortCheckError.inUse(host: "127.0.0.1", port: port, option: nil)) {
            try PortCheck.ensureFree(port: port)
        }
        let stopping = ContinuousClock.now
        let status = proxy.stop()
        print("LiteLLM \(version) stopped with \(status) after \(ContinuousClock.now - stopping)")
        #expect(kill(-proxy.child.pid, 0) == -1 || pollUntil { kill(-proxy.child.pid, 0) == -1 })
    }

    /// 1.61.20's proxy extra pins uvicorn 0.29.x: the override must win, and the record must say what it broke.
    @Test(.enabled(if: environment["LAB_INSTALL_TESTS"] == "1"), .timeLimit(.minutes(10)))
    func overridesAPinTheReleaseForbidsAndRecordsTheBrokenConstraint() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let installer = LiteLLMInstaller(cacheRoot: scratch.file("cache"))
        let venv = try installer.ensure(
            build: .release(try LiteLLMVersion("1.61.20")),
            dependencies: .init(overrides: ["uvicorn==0.32.1"]),
            log: scratch.file("install.log")
        ) { print($0) }
        let freeze = try venv.freeze()
        #expect(freeze.contains("uvicorn==0.32.1\n"))
        #expect(freeze.contains("litellm==1.61.20\n"))
        let record = try venv.installRecord()
        #expect(record.overrides == ["uvicorn==0.32.1"])
        #expect(
            record.brokenConstraints?.contains {
                $0.hasPrefix("litellm 1.61.20 requires uvicorn")
                    && $0.contains("(extra proxy); installed 0.32.1")
            } == true, "\(record)")
    }
}
