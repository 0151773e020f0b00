import Foundation
import Glibc
import LabTestSupport
@testable import LabProcesses
import Testing

/// A child is on the watchdog's list before its program runs: it registers itself between its clone and the
/// exec, so no moment of a start leaves it unguarded.
@Suite struct ChildRegistrationTests {
    /// The program reads the registration pipe as its stdin: the line is there before its first instruction.
    @Test(arguments: [false, true])
    func theRegistrationIsWrittenBeforeTheProgramRuns(ownGroup: Bool) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { ends.forEach { close($0) } }
        let output = open(scratch.file("out"), O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        defer { close(output) }
        let argv = cStrings(["sh", "-c", "IFS= read -r line; echo \"$line $$\""])
        defer { argv.forEach { free($0) } }
        let envp = cStrings(["PATH=/usr/bin:/bin"])
        defer { envp.forEach { free($0) } }

        let pid = try ChildProcess.start(
            "/bin/sh", argv: argv, envp: envp, stdin: ends[0], stdout: output, stderr: nil, directory: nil,
            newGroup: ownGroup, register: ends[1], commandLine: "sh")
        var status: Int32 = 0
        #expect(waitpid(pid, &status, 0) == pid)
        #expect(try scratch.read("out") == "add \(ownGroup ? "-" : "")\(pid) \(pid)\n")
    }

    /// A child that cannot register (the watchdog is gone) never runs its program, and the spawn says why.
    @Test func aChildThatCannotRegisterNeverRuns() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        close(ends[0])
        defer { close(ends[1]) }
        let marker = scratch.file("ran")
        let argv = cStrings(["touch", marker])
        defer { argv.forEach { free($0) } }
        let envp = cStrings(["PATH=/usr/bin:/bin"])
        defer { envp.forEach { free($0) } }

        #expect(
            throws: ChildProcessError.spawnSetupFailed(
                commandLine: "touch", step: "registering with the orphan watchdog", errno: EPIPE)
        ) {
            try ChildProcess.start(
                "/usr/bin/touch", argv: argv, envp: envp, stdout: nil, stderr: nil, directory: nil,
                newGroup: true, register: ends[1], commandLine: "touch")
        }
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func aFailedStepIsNamedAndTheProgramNeverRuns() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let marker = scratch.file("ran")
        let argv = cStrings(["touch", marker])
        defer { argv.forEach { free($0) } }
        let envp = cStrings(["PATH=/usr/bin:/bin"])
        defer { envp.forEach { free($0) } }
        #expect(
            throws: ChildProcessError.spawnSetupFailed(
                commandLine: "touch", step: "changing the working directory", errno: ENOENT)
        ) {
            try ChildProcess.start(
                "/usr/bin/touch", argv: argv, envp: envp, stdout: nil, stderr: nil,
                directory: scratch.file("missing"), newGroup: false, register: nil, commandLine: "touch")
        }
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    /// The watchdog starts with the first child, in its own group, and with no descriptor of the lab's but its
    /// input.
    @Test func theWatchdogHoldsOnlyItsInput() throws {
        let input = try OrphanGuard.input()
        #expect(input >= 3)
        // The watchdog is our child; the subshells of its script (its own command substitutions) are its.
        let watchdogs = try FileManager.default.contentsOfDirectory(atPath: "/proc").compactMap { pid_t($0) }
            .filter { pid in
                (try? String(contentsOfFile: "/proc/\(pid)/environ", encoding: .utf8))?
                    .contains("GUARD_TOKEN=\(OrphanGuard.token)") == true && parent(of: pid) == getpid()
            }
        let watchdog = try #require(watchdogs.first)
        #expect(getpgid(watchdog) == watchdog)
        // Nothing the lab holds lives on in it: its input is its standard input, and any other descriptor it has
        // is one its script opened (a command substitution's pipe), never one of ours.
        let ours = Set(try targets(of: "self").values)
        let its = try targets(of: String(watchdog))
        #expect(its.filter { $0.key > 2 }.allSatisfy { !ours.contains($0.value) }, "\(its)")
        #expect(its[0] != nil && its[1] == "/dev/null" && its[2] == "/dev/null", "\(its)")
    }

    private func parent(of pid: pid_t) -> pid_t? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ").dropFirst().first.flatMap { pid_t($0) }
    }

    /// What each descriptor of the process `pid` (or `self`) refers to, as `/proc` names it.
    private func targets(of pid: String) throws -> [Int32: String] {
        var targets: [Int32: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd") {
            guard let descriptor = Int32(name),
                let target = try? FileManager.default.destinationOfSymbolicLink(
                    atPath: "/proc/\(pid)/fd/\(name)")
            else { continue }
            targets[descriptor] = target
        }
        return targets
    }
}
