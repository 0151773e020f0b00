import Foundation
@testable import LabCore
@testable import LabProcesses
@testable import LabRecords
import LabTestSupport
@testable import LabVerdict
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The small executables, stopped the way compose stops them, say why in what they leave.
@Suite struct StoppedExecutableTests {
    /// The package's executable `name`, beside this test bundle.
    private func product(_ name: String) throws -> String {
        URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            .deletingLastPathComponent().appendingPathComponent(name).path
    }

    @Test func aStoppedLoadClientEndsItsLoadAndItsSummarySaysWhy() throws {
        let backend = try ChildBackend()
        defer { backend.stop() }
        let folder = TestFiles.path("stopped-load-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // The backend holds for an hour and the clients would wait ten minutes: only the signal ends the load.
        let process = try ChildProcess.spawn(
            .init(
                try product("load-client"),
                [
                    "--target", backend.base.appending(path: "/v1/chat/completions").description,
                    "--requests", "3", "--timeout", "600", "--summary", folder + "/summary.json",
                ],
                log: .file(folder + "/load.log")))
        #expect(pollUntil { backend.stats()?.active == 3 })
        kill(process.pid, SIGTERM)
        #expect(process.waitForExit() == .exited(128 + SIGTERM))
        let summary = try JSONCoding.read(LoadSummary.self, from: folder + "/summary.json")
        #expect(summary.stoppedBy == "SIGTERM")
        #expect(summary.sent == 3)
        #expect(backend.stats(until: { $0.active == 0 })?.clientClosed == 3, "the stopped clients hung up")
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func aStoppedCollectorWritesAnInconclusiveVerdictSayingWhy(signal: Int32) throws {
        let backend = try ChildBackend()
        defer { backend.stop() }
        let folder = TestFiles.path("stopped-collector-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let collector = try product("collector")
        // The load's summary never comes: the collector samples until it is stopped.
        let process = try ChildProcess.spawn(
            .init(
                collector,
                [
                    "--backend", backend.base.description, "--load-summary", folder + "/never.json",
                    "--ready-file", folder + "/ready", "--verdict", folder + "/verdict.json",
                ],
                log: .file(folder + "/collector.log")))
        #expect(pollUntil { FileManager.default.fileExists(atPath: folder + "/ready") })
        kill(process.pid, signal)
        let status = process.waitForExit()
        #expect(status == .exited(128 + signal), "\(status)")
        let report = try JSONCoding.read(VerdictReport.self, from: folder + "/verdict.json")
        #expect(report.verdict == .inconclusive)
        let name = signal == SIGTERM ? "SIGTERM" : "SIGINT"
        #expect(
            report.reason.hasPrefix("the collector was stopped by \(name) before it could decide"),
            "\(report.reason)")
        #expect(!report.samples.isEmpty, "what it measured is kept")
        let log = try String(contentsOfFile: folder + "/collector.log", encoding: .utf8)
        #expect(log.contains("VERDICT: INCONCLUSIVE the collector was stopped by \(name)"), "\(log)")
    }
}
