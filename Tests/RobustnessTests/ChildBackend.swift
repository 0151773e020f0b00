import Foundation
@testable import LabBackend
@testable import LabCore
@testable import LabEventLoop
@testable import LabLoad
@testable import LabProcesses
@testable import LabRecords
import LabTestSupport
@testable import LabWire
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real `fake-backend` executable as a child process, for what an in-process backend cannot show:
/// its own memory and CPU time, or a lower open-file limit than the test process's.
struct ChildBackend {
    let process: ChildProcess
    let port: Int
    let base: HTTPURL

    /// Starts `fake-backend` on a loopback port it binds itself, under `ulimit -n openFiles` when given.
    init(openFiles: Int? = nil) throws {
        let executable = URL(
            fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        )
        .deletingLastPathComponent().appendingPathComponent("fake-backend").path
        let portFile = TestFiles.path("leak-lab-backend-\(UUID().uuidString.prefix(8)).port")
        defer { try? FileManager.default.removeItem(atPath: portFile) }
        let limit = openFiles.map { "ulimit -n \($0) && " } ?? ""
        process = try ChildProcess.spawn(
            .init(
                "/bin/sh",
                [
                    "-c", "\(limit)exec \"$0\" --port 0 --port-file \"$1\" --status-interval 0", executable,
                    portFile,
                ],
                log: .file("/dev/null")))
        guard let port = LabTestSupport.port(writtenTo: portFile) else {
            process.stop(grace: .seconds(1))
            throw SystemError("fake-backend never said which port it listens on", code: ETIMEDOUT)
        }
        self.port = port
        base = try HTTPURL(parsing: "http://127.0.0.1:\(port)")
    }

    func stop() { process.stop(grace: .seconds(2)) }

    /// The counters, checked for consistency, or nil when `/stats` does not answer within `timeout`.
    func stats(timeout: Duration = .seconds(1)) -> Counts? {
        guard let response = try? HTTPFetch.get(base.appending(path: "/stats"), timeout: timeout),
            let stats = try? JSONCoding.decode(BackendStats.self, from: Data(response.body))
        else { return nil }
        #expect(stats.isConsistent, "inconsistent: \(Counts(stats))")
        return Counts(stats)
    }

    /// The counters once `condition` holds, or the last ones read after 10 s.
    func stats(until condition: (Counts) -> Bool) -> Counts? {
        var last: Counts?
        _ = pollUntil {
            last = stats() ?? last
            return last.map(condition) ?? false
        }
        return last
    }

    /// How many files the backend has open now.
    func openFiles() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.pid)/fd").count) ?? 0
    }

    /// User plus system CPU time so far, in clock ticks (100 per second).
    func cpuTicks() -> Int {
        let text = (try? String(contentsOfFile: "/proc/\(process.pid)/stat", encoding: .utf8)) ?? ""
        // After the parenthesised command name, the fields start at state (3); utime is 14, stime 15.
        let fields = text.split(separator: ")").last?.split(separator: " ") ?? []
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return 0 }
        return user + system
    }

    /// Resident memory now, in bytes.
    func residentBytes() -> Int {
        let text = (try? String(contentsOfFile: "/proc/\(process.pid)/status", encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }
}
