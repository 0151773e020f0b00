import Foundation
import Glibc
import Synchronization
import LabTestSupport
@testable import LabProcesses
import Testing

@Suite struct ChildProcessTests {
    @Test func reportsExitCode() throws {
        let status = try ChildProcess.run(.init("sh", ["-c", "exit 3"]))
        #expect(status == .exited(3))
        #expect(!status.isSuccess)
    }

    @Test func reportsTerminatingSignal() throws {
        let status = try ChildProcess.run(.init("sh", ["-c", "kill -KILL $$"]))
        #expect(status == .signaled(SIGKILL))
        #expect(status.description == "signal 9 (Killed)")
    }

    @Test func exitStatusIsNilWhileRunningAndCachedAfterExit() throws {
        let child = try ChildProcess.spawn(.init("sh", ["-c", "read line; exit 4"]))
        // stdin is /dev/null, so `read` sees EOF at once and the shell exits.
        #expect(child.waitForExit() == .exited(4))
        #expect(child.exitStatus() == .exited(4))

        let sleeper = try ChildProcess.spawn(.init("sleep", ["30"]))
        #expect(sleeper.exitStatus() == nil)
        sleeper.stop(grace: .seconds(5))
        #expect(sleeper.exitStatus() == .signaled(SIGTERM))
    }

    /// Ending by SIGTERM (not SIGKILL) is the proof that `stop` did not wait out the grace.
    @Test func stopEndsCooperativeChildWithSigtermWithoutWaitingForGrace() throws {
        let child = try ChildProcess.spawn(.init("sleep", ["30"], ownProcessGroup: true))
        #expect(child.stop(grace: .seconds(10)) == .signaled(SIGTERM))
    }

    @Test func aChildPastItsTimeLimitIsStoppedAndSaidSo() throws {
        var spec = ChildProcess.Spec("sleep", ["31"], ownProcessGroup: true)
        spec.timeLimit = .milliseconds(200)
        #expect(throws: ChildProcessError.timedOut(commandLine: "sleep 31", limit: .milliseconds(200))) {
            try ChildProcess.run(spec)
        }
        #expect(
            ChildProcess.running.withLock { $0.children.values.allSatisfy { $0.commandLine != "sleep 31" } })
        var quick = ChildProcess.Spec("true")
        quick.timeLimit = .seconds(60)
        #expect(try ChildProcess.run(quick) == .exited(0))
    }

    @Test func handsOverEachLineOfTheOutputAsItComesAndLogsItWhole() throws {
        let log = TestFiles.path("leak-lab-lines-\(UUID().uuidString.prefix(8)).log")
        defer { try? FileManager.default.removeItem(atPath: log) }
        let lines = Mutex<[String]>([])
        var spec = ChildProcess.Spec(
            "sh",
            [
                "-c",
                "echo Resolved; printf 'Downloading a\\rDownloading b\\n'; echo Installed >&2; printf tail",
            ],
            log: .file(log), ownProcessGroup: true)
        spec.lines = { line in lines.withLock { $0.append(line) } }
        #expect(try ChildProcess.run(spec) == .exited(0))
        #expect(
            lines.withLock { $0 } == ["Resolved", "Downloading a", "Downloading b", "Installed", "tail"],
            "stdout and stderr, split at newlines and carriage returns, the unended last line included")
        #expect(
            try String(contentsOfFile: log, encoding: .utf8)
                == "Resolved\nDownloading a\rDownloading b\nInstalled\ntail")
    }

    /// A program still open for writing cannot be executed (ETXTBSY): a spawn tries again for a while, since
    /// the writer is usually a child another thread forked just then, and says so when it stays busy.
    @Test func aProgramKeptOpenForWritingIsRefusedOnceThePatienceIsOver() throws {
        let path = TestFiles.path("leak-lab-busy-\(UUID().uuidString.prefix(8))")
        defer { unlink(path) }
        try "#!/bin/sh\nexit 0\n".write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o755)
        let writer = open(path, O_WRONLY)
        #expect(writer >= 0)
        #expect(throws: ChildProcessError.spawnFailed(commandLine: path, errno: ETXTBSY)) {
            try ChildProcess.run(.init(path))
        }
        close(writer)
        #expect(try ChildProcess.run(.init(path)) == .exited(0), "runs once nobody writes it")
    }

    @Test func killsChildThatIgnoresSigtermAfterGrace() throws {
        let marker = TestFiles.path("leak-lab-trap-\(UUID().uuidString.prefix(8))")
        let child = try ChildProcess.spawn(
            .init("sh", ["-c", "trap '' TERM; touch '\(marker)'; sleep 30; exit 0"], ownProcessGroup: true))
        // The shell says when its trap is in place: a SIGTERM before it would end it at once.
        #expect(pollUntil { FileManager.default.fileExists(atPath: marker) })
        var status: ChildProcess.ExitStatus?
        let elapsed = ContinuousClock().measure { status = child.stop(grace: .milliseconds(500)) }
        #expect(status == .signaled(SIGKILL))
        #expect(elapsed >= .milliseconds(500))
    }

    @Test func stopKillsGrandchildrenInTheGroup() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let child = try ChildProcess.spawn(
            .init(
                "sh", ["-c", "sleep 30 & echo $! > \"$1\"; wait", "sh", scratch.file("pid")],
                ownProcessGroup: true))
        let grandchild = try #require(pid(writtenTo: scratch.file("pid")))
        #expect(getpgid(grandchild) == child.pid)
        child.stop(grace: .seconds(5))
        #expect(pollUntil { !isRunning(grandchild) })
    }

    @Test func stopKillsGroupMembersLeftAfterLeaderExits() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        // The leader dies of SIGTERM at once; its child ignores SIGTERM and would outlive it.
        let script = "(trap '' TERM; exec sleep 30) & echo $! > \"$1\"; wait"
        let child = try ChildProcess.spawn(
            .init("sh", ["-c", script, "sh", scratch.file("pid")], ownProcessGroup: true))
        let grandchild = try #require(pid(writtenTo: scratch.file("pid")))
        #expect(child.stop(grace: .seconds(5)) == .signaled(SIGTERM))
        #expect(pollUntil { !isRunning(grandchild) })
    }

    @Test func groupMembersDieWithTheirLeaderWithoutAStop() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        // The leader ends by itself, leaving a member that would keep its sockets open.
        let script = "sleep 30 & echo $! > \"$1\"; read -r _ < \"$2\""
        try #require(mkfifo(scratch.file("go"), 0o600) == 0)
        let child = try ChildProcess.spawn(
            .init("sh", ["-c", script, "sh", scratch.file("pid"), scratch.file("go")], ownProcessGroup: true))
        let member = try #require(pid(writtenTo: scratch.file("pid")))
        try "go\n".write(toFile: scratch.file("go"), atomically: false, encoding: .utf8)
        #expect(child.waitForExit() == .exited(0))
        #expect(pollUntil { !isRunning(member) })
    }

    @Test func concurrentStopsSignalOnceAndAgreeOnTheOutcome() throws {
        let child = try ChildProcess.spawn(.init("sleep", ["30"], ownProcessGroup: true))
        let outcomes = Mutex<[ChildProcess.ExitStatus]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            let status = child.stop(grace: .seconds(30))
            outcomes.withLock { $0.append(status) }
        }
        #expect(outcomes.withLock { $0 } == Array(repeating: .signaled(SIGTERM), count: 4))
    }

    @Test func aClosedRegistryAdmitsNoChildAndHandsOverTheRunningOnes() {
        var registry = ChildProcess.Registry()
        let running = ChildProcess(pid: 1_000_001, processGroup: nil, commandLine: "running")
        let admitted = registry.admit(running)
        let handedOver = registry.close().map(\.commandLine)
        let admittedLate = registry.admit(
            ChildProcess(pid: 1_000_002, processGroup: nil, commandLine: "late"))
        #expect(admitted && !admittedLate)
        #expect(handedOver == ["running"])
        #expect(registry.children.keys.sorted() == [1_000_001])
        let removed = registry.remove(1_000_001)
        #expect(removed?.commandLine == "running")
    }

    @Test func stopIsIdempotent() throws {
        let child = try ChildProcess.spawn(.init("sleep", ["30"], ownProcessGroup: true))
        let first = child.stop(grace: .seconds(5))
        let second = child.stop(grace: .seconds(5))
        #expect(first == .signaled(SIGTERM))
        #expect(second == first)
    }

    @Test func stopReturnsStatusOfChildThatAlreadyExited() throws {
        let child = try ChildProcess.spawn(.init("sh", ["-c", "exit 7"], ownProcessGroup: true))
        _ = child.waitForExit()
        #expect(child.stop(grace: .seconds(1)) == .exited(7))
    }

    /// The given environment, and the lab's token, by which the watchdog knows its children.
    @Test func passesExactlyTheGivenEnvironmentAndTheLabsToken() throws {
        let environment = ["LAB_TEST_VALUE": "a b=c", "PATH": "/usr/bin:/bin"]
        let (status, output) = try ChildProcess.output(.init("env", environment: environment))
        #expect(status.isSuccess)
        #expect(
            Set(output.split(separator: "\n").map(String.init)) == [
                "LAB_TEST_VALUE=a b=c", "PATH=/usr/bin:/bin", "\(OrphanGuard.variable)=\(OrphanGuard.token)",
            ])
    }

    @Test func looksUpBareNamesInTheChildsPath() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try "#!/bin/sh\necho found me\n".write(
            toFile: scratch.file("lab-tool"), atomically: true, encoding: .utf8)
        chmod(scratch.file("lab-tool"), 0o755)
        let spec = ChildProcess.Spec(
            "lab-tool", environment: ["PATH": "/nonexistent:\(scratch.path):/usr/bin:/bin"])
        #expect(try ChildProcess.output(spec).stdout == "found me\n")
    }

    @Test func startsInTheWorkingDirectory() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let (_, output) = try ChildProcess.output(.init("pwd", ["-P"], workingDirectory: scratch.path))
        #expect(output == URL(fileURLWithPath: scratch.path).resolvingSymlinksInPath().path + "\n")
    }

    @Test func appendsStdoutAndStderrToTheLogFile() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try "earlier run\n".write(toFile: scratch.file("log"), atomically: true, encoding: .utf8)
        let status = try ChildProcess.run(
            .init("sh", ["-c", "echo out; echo err >&2"], log: .file(scratch.file("log"))))
        #expect(status.isSuccess)
        #expect(try scratch.read("log") == "earlier run\nout\nerr\n")
    }

    @Test func outputCapturesStdoutAndLeavesStderrInTheLog() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let spec = ChildProcess.Spec(
            "sh", ["-c", "echo result; echo noise >&2; exit 2"], log: .file(scratch.file("log")))
        let (status, output) = try ChildProcess.output(spec)
        #expect(status == .exited(2))
        #expect(output == "result\n")
        #expect(try scratch.read("log") == "noise\n")
    }

    @Test func outputReadsLargeOutputs() throws {
        let (_, output) = try ChildProcess.output(.init("sh", ["-c", "seq 1 200000"]))
        #expect(output.split(separator: "\n").count == 200_000)
    }

    @Test func stdinIsDevNull() throws {
        #expect(try ChildProcess.output(.init("readlink", ["/proc/self/fd/0"])).stdout == "/dev/null\n")
    }

    @Test func labDescriptorsDoNotLeakIntoTheChild() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        // Opened without O_CLOEXEC, as careless code elsewhere in the lab might.
        let descriptor = open(scratch.file("held"), O_WRONLY | O_CREAT, 0o644)
        defer { close(descriptor) }
        let (_, output) = try ChildProcess.output(.init("sh", ["-c", "ls /proc/$$/fd"]))
        #expect(!output.split(separator: "\n").contains(Substring(String(descriptor))))
    }

    @Test func childGetsEmptySignalMaskAndDefaultDispositions() throws {
        // As the lab does: SIGINT/SIGTERM blocked for a signal-handling thread, SIGPIPE ignored.
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGINT)
        sigaddset(&blocked, SIGTERM)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        let previousPipe = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previousPipe) }

        let (_, status) = try ChildProcess.output(.init("cat", ["/proc/self/status"]))
        let fields = Dictionary(
            status.split(separator: "\n").compactMap { line -> (String, String)? in
                let parts = line.split(separator: ":", maxSplits: 1)
                return parts.count == 2
                    ? (String(parts[0]), parts[1].trimmingCharacters(in: .whitespaces)) : nil
            }, uniquingKeysWith: { first, _ in first })
        #expect(fields["SigBlk"] == "0000000000000000")
        // glibc's posix_spawn leaves its two internal signals (32, 33) ignored; a glibc program
        // takes them back at start-up. Signals 1-31 are what the lab and the proxy use.
        let ignored = try #require(fields["SigIgn"].flatMap { UInt64($0, radix: 16) })
        #expect(ignored & 0x7fff_ffff == 0)
    }

    @Test func ownProcessGroupIsLedByTheChild() throws {
        let child = try ChildProcess.spawn(.init("sleep", ["30"], ownProcessGroup: true))
        defer { child.stop(grace: .seconds(1)) }
        #expect(child.processGroup == child.pid)
        #expect(getpgid(child.pid) == child.pid)
    }

    @Test func failsClearlyForMissingExecutable() {
        #expect {
            try ChildProcess.spawn(.init("no-such-program-for-lab", environment: ["PATH": "/usr/bin:/bin"]))
        } throws: { error in
            "\(error)"
                == "no-such-program-for-lab not found on PATH (/usr/bin:/bin): install it or add its directory to PATH"
        }
        #expect(throws: ChildProcessError.notExecutable(path: "/nonexistent/bin/litellm")) {
            try ChildProcess.spawn(.init("/nonexistent/bin/litellm"))
        }
    }

    @Test func failsClearlyForMissingWorkingDirectory() {
        #expect(throws: ChildProcessError.workingDirectoryMissing("/nonexistent/run")) {
            try ChildProcess.spawn(.init("true", workingDirectory: "/nonexistent/run"))
        }
    }

    @Test func failsClearlyForUnwritableLogFile() {
        #expect {
            try ChildProcess.spawn(.init("true", log: .file("/nonexistent/run/install.log")))
        } throws: { error in
            "\(error)".hasPrefix(
                "cannot open log file /nonexistent/run/install.log: No such file or directory")
        }
    }
}
