import Foundation
@testable import LabBackend
@testable import LabCore
@testable import LabEventLoop
@testable import LabLoad
@testable import LabWire
import LabTestSupport
import Testing
@testable import LabRecords

/// The built executables as a user runs them: signals, bad options, exit statuses.
@Suite(.serialized)
struct ExecutableTests {
    @Test func fakeBackendExitsWithinASecondOfSigtermWhileHoldingAndPrintsItsCounters() throws {
        let folder = try temporaryFolder("sigterm")
        let backend = try FakeBackendProcess(in: folder)
        defer { backend.stop() }
        let base = try HTTPURL(parsing: backend.root)
        let load = LoadPlan(
            target: base.appending(path: "/v1/chat/completions"), requests: 3, timeout: .seconds(30))
        let loadThread = Thread { _ = try? LoadClient.run(load) }
        loadThread.start()
        waitUntil { backendStats(base)?.active == 3 }

        kill(backend.process.pid, SIGTERM)
        #expect(backend.process.waitForExit() == .exited(0))
        let log = try String(contentsOfFile: folder + "/backend.log", encoding: .utf8)
        #expect(
            log.contains("fake-backend stopped: active=3 started=3 completed=0 client_closed=0 rejected=0"))
    }

    @Test(arguments: [
        ("fake-backend", ["--port", "99999"], Int32(64), "--port must be a whole number from 0 to 65535"),
        ("load-client", [], 64, "--target URL (or TARGET) is required"),
        ("load-client", ["--target", "https://example.com"], 64, "https"),
        ("collector", ["--backend", "http://127.0.0.1:1"], 64, "--load-summary PATH is required"),
        (
            "collector", ["--backend", "http://127.0.0.1:1", "--load-summary", "x", "--expect", "maybe"], 64,
            "--expect must be one of leak, no-leak"
        ),
        ("lab", ["run", "--litellm-version", "1.82.7"], 65, "1.82.7"),
        ("lab", ["run", "--bogus"], 64, "unknown option '--bogus'"),
        ("lab", ["frobnicate"], 64, "unknown command 'frobnicate'"),
    ])
    func badInputEndsWithAClearMessageAndASpecificStatus(
        product: String, arguments: [String], status: Int32, message: String
    ) throws {
        let folder = try temporaryFolder("usage")
        let (code, output) = try runProduct(product, arguments, in: folder)
        #expect(code == status, "\(output)")
        #expect(output.contains(message), "\(output)")
    }

    @Test func busyBackendPortIsAClearErrorNamingThePort() throws {
        let occupied = try Socket.listen(host: "127.0.0.1", port: 0)
        defer { close(occupied) }
        let port = try SocketAddress.local(of: occupied).port
        let folder = try temporaryFolder("busy")
        let (code, output) = try runProduct(
            "lab", ["run", "--backend-port", String(port), "--runs-dir", folder + "/runs"], in: folder)
        #expect(code == 69, "\(output)")
        #expect(output.contains("port \(port) on 127.0.0.1 is in use"), "\(output)")
        #expect(output.contains("--backend-port"), "\(output)")
    }
}

/// The backend's counters, or nil when they cannot be read.
func backendStats(_ base: HTTPURL) -> BackendStats? {
    guard let response = try? HTTPFetch.get(base.appending(path: "/stats")) else { return nil }
    return try? JSONCoding.decode(BackendStats.self, from: Data(response.body))
}

/// Waits until `condition` holds, recording an issue when it did not within 10 s.
func waitUntil(_ condition: () -> Bool) {
    if !pollUntil(condition) { Issue.record("condition not met within 30 s") }
}
