import Foundation
import Glibc
import LabTestSupport
@testable import LabProcesses
@testable import LabProxies
import Testing

@Suite final class ProxyProcessTests {
    let scratch: ScratchDirectory

    init() throws {
        scratch = try ScratchDirectory()
    }

    deinit {
        scratch.remove()
    }

    /// A stand-in for the venv's `litellm`, running `body` as a shell script.
    func fakeLiteLLM(_ body: String) throws -> String {
        let path = scratch.file("litellm")
        try "#!/bin/sh\n\(body)\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    @Test func startsOnLoopbackWithOnlyTheEnvironmentItNeeds() throws {
        let executable = try fakeLiteLLM("echo \"args: $*\"; /usr/bin/env; echo END; exec sleep 30")
        let caller = [
            "PATH": "/usr/bin:/bin", "HOME": "/home/lab", "LANG": "C.UTF-8",
            "HTTP_PROXY": "http://proxy:3128",
            "OPENAI_API_KEY": "sk-real",
            // Left out too: the venv's bytecode is written by the proxy's first start, not at install.
            "PYTHONDONTWRITEBYTECODE": "1",
        ]
        let proxy = try ProxyProcess.startLiteLLM(
            executable: executable, configFile: "cfg.yaml", port: 4999, log: scratch.file("proxy.log"),
            extraArguments: ["--detailed_debug"], extraEnvironment: ["LITELLM_LOG": "DEBUG"],
            callerEnvironment: caller)
        defer { proxy.stop() }
        #expect(pollUntil { ((try? self.scratch.read("proxy.log")) ?? "").contains("END") })
        let lines = Set(try scratch.read("proxy.log").split(separator: "\n").map(String.init))
        #expect(lines.contains("args: --config cfg.yaml --host 127.0.0.1 --port 4999 --detailed_debug"))
        let expected: Set = [
            "PATH=\(scratch.path):/usr/bin:/bin", "HOME=/home/lab", "LANG=C.UTF-8",
            "LITELLM_LOCAL_MODEL_COST_MAP=True",
            "PYTHONUNBUFFERED=1", "LITELLM_LOG=DEBUG", "\(OrphanGuard.variable)=\(OrphanGuard.token)",
        ]
        // The shell may add its own PWD; anything else would have leaked from the caller.
        #expect(lines.filter { $0.contains("=") && !$0.hasPrefix("PWD=") } == expected)
        #expect(proxy.child.processGroup == proxy.child.pid)
        #expect(proxy.baseURL == "http://127.0.0.1:4999")
    }

    @Test(arguments: ["0.0.0.0", "10.1.2.3", "::", "example.com"])
    func refusesHostsThatAreNotLoopback(host: String) throws {
        let executable = try fakeLiteLLM("exit 0")
        #expect {
            try ProxyProcess.startLiteLLM(
                executable: executable, configFile: "c", host: host, port: 4000, log: scratch.file("l"))
        } throws: { error in
            "\(error)".hasPrefix("refusing to run the LiteLLM proxy on \(host): only loopback addresses")
        }
    }

    @Test func acceptsLoopbackHosts() {
        #expect(["127.0.0.1", "127.3.2.1", "::1", "localhost"].allSatisfy(ProxyProcess.isLoopback))
    }

    @Test func waitUntilHealthyReturnsOnceTheProbeSucceeds() throws {
        let proxy = try ProxyProcess.startLiteLLM(
            executable: try fakeLiteLLM("exec sleep 30"), configFile: "c", port: 4000,
            log: scratch.file("proxy.log"))
        defer { proxy.stop() }
        var probes = 0
        let elapsed = try ContinuousClock().measure {
            try proxy.waitUntilHealthy(timeout: .seconds(10)) {
                probes += 1
                return probes == 3
            }
        }
        #expect(probes == 3)
        #expect(
            elapsed >= ProxyProcess.healthPollInterval * 2, "it waits between probes, never in a busy loop")
    }

    @Test func waitUntilHealthyFailsEarlyWithTheLogWhenTheProxyExits() throws {
        let proxy = try ProxyProcess.startLiteLLM(
            executable: try fakeLiteLLM("for i in $(seq 1 30); do echo \"line $i\"; done; exit 1"),
            configFile: "c",
            port: 4000, log: scratch.file("proxy.log"))
        let log = scratch.file("proxy.log")
        // Early: the exit is reported as such, where waiting out the timeout would report "not healthy".
        #expect {
            try proxy.waitUntilHealthy(timeout: .seconds(30)) { false }
        } throws: { error in
            let lines = (11...30).map { "    line \($0)" }.joined(separator: "\n")
            return "\(error)"
                == "the LiteLLM proxy exited with exit code 1 before it was healthy; last lines of \(log):\n\(lines)"
        }
    }

    @Test func waitUntilHealthyGivesUpAfterTheTimeout() throws {
        let proxy = try ProxyProcess.startLiteLLM(
            executable: try fakeLiteLLM("echo starting; exec sleep 30"), configFile: "c", port: 4000,
            log: scratch.file("proxy.log"))
        defer { proxy.stop() }
        #expect {
            try proxy.waitUntilHealthy(timeout: .milliseconds(500)) { false }
        } throws: { error in
            "\(error)".hasPrefix("the LiteLLM proxy was not healthy within 0.5 seconds")
                && "\(error)".hasSuffix("starting")
        }
        #expect(proxy.child.exitStatus() == nil)
    }

    @Test func severalWorkersAreHealthyOnlyOnceEachSaidItsStartupIsComplete() throws {
        let executable = try fakeLiteLLM(
            "echo 'Application startup complete.'; sleep 0.5; echo 'Application startup complete.'; exec sleep 30"
        )
        let proxy = try ProxyProcess.startLiteLLM(
            executable: executable, configFile: "c", port: 4000, log: scratch.file("proxy.log"),
            server: try ProxyProcess.Server(.gunicorn, workers: 2))
        defer { proxy.stop() }
        // The health check answers at once, as the first worker's does.
        try proxy.waitUntilHealthy(timeout: .seconds(60)) { true }
        #expect(proxy.bootedWorkers() == 2)
        #expect(try scratch.read("proxy.log").components(separatedBy: "startup complete").count == 3)
    }

    @Test func anEarlierStartsWorkersInTheSameLogDoNotCount() throws {
        let log = scratch.file("proxy.log")
        try "Application startup complete.\nApplication startup complete.\n".write(
            toFile: log, atomically: true, encoding: .utf8)
        let proxy = try ProxyProcess.startLiteLLM(
            executable: try fakeLiteLLM("echo 'Application startup complete.'; exec sleep 30"),
            configFile: "c",
            port: 4000, log: log, server: try ProxyProcess.Server(.uvicorn, workers: 2))
        defer { proxy.stop() }
        #expect(pollUntil { self.scratch.fileContains("proxy.log", count: 3, of: "startup complete") })
        #expect(proxy.bootedWorkers() == 1)
        #expect(throws: ProxyProcessError.self) {
            try proxy.waitUntilHealthy(timeout: .milliseconds(500)) { true }
        }
    }

    @Test func stopKillsAProxyStillWaitingForItsRequests() throws {
        // As LiteLLM does with leaked requests: SIGTERM starts a wait that does not end.
        let marker = scratch.file("trapped")
        let proxy = try ProxyProcess.startLiteLLM(
            executable: try fakeLiteLLM(
                "trap 'echo Waiting for background tasks to complete' TERM; touch '\(marker)'; "
                    + "while :; do sleep 1; done"),
            configFile: "c", port: 4000, log: scratch.file("proxy.log"))
        // The shell says when its trap is in place: a SIGTERM before it would end it at once.
        #expect(pollUntil { FileManager.default.fileExists(atPath: marker) })
        var status: ChildProcess.ExitStatus?
        let elapsed = ContinuousClock().measure { status = proxy.stop() }
        #expect(status == .signaled(SIGKILL))
        #expect(elapsed >= ProxyProcess.stopGrace)
        #expect(proxy.stop() == .signaled(SIGKILL))
    }
}

@Suite struct PortCheckTests {
    @Test func namesTheBusyPortAndWhatToDo() throws {
        let (descriptor, port) = try listeningSocket()
        defer { close(descriptor) }
        #expect {
            try PortCheck.ensureFree(host: "127.0.0.1", port: port, option: "--proxy-port")
        } throws: { error in
            "\(error)" == "port \(port) on 127.0.0.1 is in use: stop what uses it or pass --proxy-port"
        }
    }

    @Test func acceptsAFreePort() throws {
        // A port below the ephemeral range, so that no other process's bind to port 0 takes it once it is closed.
        var closed: Int?
        for candidate in (20_000..<32_000).shuffled() {
            guard let (descriptor, _) = try? listeningSocket(port: candidate) else { continue }
            close(descriptor)
            closed = candidate
            break
        }
        let port = try #require(closed)
        try PortCheck.ensureFree(port: port)
        try PortCheck.ensureFree(host: "localhost", port: port)
    }

    @Test func rejectsHostNamesAndImpossiblePorts() {
        #expect(throws: PortCheckError.invalidHost("example.com")) {
            try PortCheck.ensureFree(host: "example.com", port: 80)
        }
        #expect(throws: PortCheckError.invalidPort(70000)) { try PortCheck.ensureFree(port: 70000) }
    }
}
