import Foundation
@testable import LabProcesses
@testable import LabRecords
import Testing

/// Installs that are the same on any machine, any day: the committed locks, installed exactly, and the
/// drift between a lock and a later resolution, measured.
@Suite(.serialized, .enabled(if: endToEndEnabled, "set LAB_E2E=1 (make test does)"))
struct LockTests {
    /// The package's committed lock of `version`, as the checkout has it.
    static func committedLock(_ version: String) throws -> LiteLLMLock {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        return try LiteLLMLock(contentsOf: "\(root)/locks/litellm-\(version).txt")
    }

    /// `name==version` lines as a map by normalized name, read here rather than by the code under test.
    static func pins(inFreeze freeze: String) -> [String: String] {
        var pins: [String: String] = [:]
        for line in freeze.split(separator: "\n") {
            let parts = line.components(separatedBy: "==")
            guard parts.count == 2 else { continue }
            let name = parts[0].lowercased().replacingOccurrences(of: "_", with: "-")
                .replacingOccurrences(of: ".", with: "-")
            pins[name] = parts[1]
        }
        return pins
    }

    /// Started by name from `PATH` in a folder of its own, as a maintainer runs a write-up's commands, `lab`
    /// still finds the committed locks of the checkout it was built in (it used to read `argv[0]`, a bare name
    /// then, and resolved today's packages instead).
    @Test func aLabStartedByNameFromAnotherFolderUsesItsCheckoutsCommittedLock() throws {
        let folder = try temporaryFolder("lab-by-name")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "lab lock --litellm-version 1.110.2"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = productsDirectory + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["LAB_LOCKS_DIR"] = nil
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let committed = FindingBlock.root + "/locks/litellm-1.110.2.txt"
        #expect(
            String(decoding: printed, as: UTF8.self)
                == (try String(contentsOfFile: committed, encoding: .utf8)))
    }

    @Test func aReleaseInstallsExactlyItsCommittedLockIntoAnEmptyCache() throws {
        let work = try temporaryFolder("lock-install")
        let lock = try Self.committedLock("1.61.20")
        var environment = ProcessInfo.processInfo.environment
        environment["LAB_CACHE_DIR"] = work + "/cache"
        let status = try ChildProcess.run(
            .init(
                productsDirectory + "/lab",
                [
                    "install-litellm", "--litellm-version", "1.61.20", "--into", work + "/venv", "--log",
                    work + "/log",
                ],
                environment: environment, workingDirectory: work, log: .file(work + "/output.txt")))
        let output = (try? String(contentsOfFile: work + "/output.txt", encoding: .utf8)) ?? ""
        #expect(status == .exited(0), "\(output)")
        #expect(try String(contentsOfFile: work + "/venv/lock.txt", encoding: .utf8) == lock.text)
        let freeze = try String(contentsOfFile: work + "/venv/pip-freeze.txt", encoding: .utf8)
        #expect(Self.pins(inFreeze: freeze) == lock.pins)
        #expect(
            output.contains(
                "lock: locks/litellm-1.61.20.txt (sha256 \(lock.sha256.prefix(12)), resolved as of 2026-11-25)"
            ))
        #expect(
            !FileManager.default.fileExists(atPath: work + "/cache/locks"),
            "a committed lock resolves nothing")
    }

    /// LiteLLM 1.61.20's moderations under its lock of 2026-11-25 (openai 3.57.0) and as the index resolved its
    /// loose requirements on 2026-12-05 (openai 3.63.0, on httpx2): the proxy's `amoderation` then hands the
    /// SDK an `httpx.Timeout` it rejects, and answers 500, so nothing is abandoned and the lab says so.
    @Test func driftShowsTheVerdictThePackageIndexMovedAndThePackagesThatMoved() throws {
        let runs = try temporaryFolder("drift")
        let (status, output) = try runProduct(
            "lab",
            [
                "drift", "--scenarios", "moderations,chat", "--against", "2026-12-05", "--proxy-port", "0",
                "--runs-dir", "lab-runs",
            ], in: runs)
        #expect(status == 1, "\(output)")
        #expect(output.contains("moderations: LEAK under the lock, INCONCLUSIVE 2026-12-05"), "\(output)")
        #expect(output.contains("chat: LEAK under the lock, LEAK 2026-12-05"), "\(output)")
        #expect(output.contains("the proxy said: Invalid timeout"), "\(output)")
        #expect(output.contains("moved: openai 3.57.0 → 3.63.0"), "\(output)")
        let drift = try String(contentsOfFile: runs + "/lab-runs/latest/drift.md", encoding: .utf8)
        #expect(drift.contains("- lock: locks/litellm-1.61.20.txt"))
        #expect(drift.contains("- `openai 3.57.0 → 3.63.0`"))
        // How many packages moved is the index's to say (a day's resolution made before that day ended, and
        // cached, can hold fewer): the line counts what drift.md lists.
        let moved = drift.split(separator: "\n").filter { $0.hasPrefix("- `") && $0.contains(" → ") }.count
        #expect(moved >= 2, "\(drift)")
        #expect(
            lastLine(of: output)
                == "DRIFT: 1 of 2 verdicts changed (moderations), \(moved) packages moved between the lock and"
                + " 2026-12-05")
    }
}
