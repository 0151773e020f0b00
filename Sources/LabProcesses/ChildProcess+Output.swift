import Foundation
import Glibc
import LabCore

extension ChildProcess {
    /// Runs a process to its end.
    ///
    /// - Parameter spec: What to run and how.
    /// - Returns: How the process ended.
    /// - Throws: ``ChildProcessError`` when it cannot start.
    @discardableResult
    package static func run(_ spec: Spec) throws(ChildProcessError) -> ExitStatus {
        let child = try spawn(spec)
        let status = try child.waitForExit(limit: spec.timeLimit, commandLine: spec.commandLine)
        child.waitForOutput()
        return status
    }

    /// Waits for the child's end, stopping it (and throwing) once `limit` has passed.
    private func waitForExit(limit: Duration?, commandLine: String) throws(ChildProcessError) -> ExitStatus {
        guard let limit else { return waitForExit() }
        if let status = waitForExit(until: LabClock.deadline(after: limit)) { return status }
        stop(grace: .seconds(3))
        throw .timedOut(commandLine: commandLine, limit: limit)
    }

    /// Runs a short command to its end and returns what it wrote to stdout.
    ///
    /// stderr goes where `spec.log` says. Meant for small outputs such as `pip freeze`.
    ///
    /// ```swift
    /// let (status, text) = try ChildProcess.output(.init("python3", ["--version"]))
    /// ```
    ///
    /// - Parameter spec: What to run and how.
    /// - Returns: How the process ended, and its stdout decoded as UTF-8.
    /// - Throws: ``ChildProcessError`` when it cannot start or its output cannot be read.
    package static func output(_ spec: Spec) throws(ChildProcessError) -> (status: ExitStatus, stdout: String)
    {
        let commandLine = spec.commandLine
        // A temporary file rather than a pipe: no reader thread, and no deadlock on big outputs.
        var template = Array(
            (FileManager.default.temporaryDirectory.path + "/leak-lab-output-XXXXXX").utf8CString)
        let descriptor = mkstemp(&template)
        guard descriptor >= 0 else { throw .cannotCaptureOutput(commandLine: commandLine, errno: errno) }
        defer { close(descriptor) }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        // Unlinked at once: the open descriptor keeps it readable, and nothing is left behind.
        unlink(template)

        let status = try spawn(spec, stdout: descriptor).waitForExit(
            limit: spec.timeLimit, commandLine: commandLine)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = pread(descriptor, &chunk, chunk.count, off_t(bytes.count))
            if count == -1 && errno == EINTR { continue }
            guard count >= 0 else { throw .cannotCaptureOutput(commandLine: commandLine, errno: errno) }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        return (status, String(decoding: bytes, as: UTF8.self))
    }
}
