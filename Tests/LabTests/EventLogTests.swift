import Foundation
import LabTestSupport
@testable import LabBackend
@testable import LabCore
@testable import LabVerdict
import Testing

@testable import LeakLab
@testable import LabRecords

@Suite struct EventLogTests {
    private func events(in path: String) throws -> [LabEvent] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try JSONCoding.decode(LabEvent.self, from: Data($0.utf8))
        }
    }

    private func temporaryPath() -> String {
        TestFiles.path("leak-lab-events-\(UUID().uuidString.prefix(8)).jsonl")
    }

    @Test func aNewFileStartsWithTheSchemaAndLaterWritersOnlyAppend() throws {
        let path = temporaryPath()
        let first = EventLog(terminal: try LineWriter(appendingTo: "/dev/null"), prefix: "test")
        try first.append(to: path)
        first.say("from the first writer")
        let second = EventLog(terminal: try LineWriter(appendingTo: "/dev/null"), prefix: "test")
        try second.append(to: path)
        second.say("from the second writer")
        let lines = try events(in: path)
        #expect(lines.map(\.event) == [.runStarted, .message, .message])
        #expect(lines[0].schema == LabEvent.schema)
        #expect(lines.map(\.message).last == "from the second writer")
    }

    @Test func aPhaseIsRecordedWithItsDurationEvenWhenItThrows() throws {
        let path = temporaryPath()
        let log = EventLog(terminal: try LineWriter(appendingTo: "/dev/null"), prefix: "test")
        try log.append(to: path)
        struct Failure: Error {}
        #expect(throws: Failure.self) { try log.phase(.install, cell: "litellm-1.61.20") { throw Failure() } }
        let lines = try events(in: path).filter { $0.phase == .install }
        #expect(lines.map(\.event) == [.phaseStarted, .phaseEnded])
        #expect(lines.allSatisfy { $0.cell == "litellm-1.61.20" })
        #expect((lines[1].seconds ?? -1) >= 0)
    }

    @Test func aVerdictIsRecordedWithItsCostAndAFailedPollWithItsError() throws {
        let path = temporaryPath()
        let log = EventLog(terminal: try LineWriter(appendingTo: "/dev/null"), prefix: "test")
        try log.append(to: path)
        var report = VerdictReport.unmeasured(
            label: "litellm", reason: "no proxy", backend: "", expectation: nil, versions: [:])
        report.cost = LeakCost(
            heldRequests: 10, backendSeconds: 30, chunksAfterHangUp: 0, bytesAfterHangUp: 0)
        log.record(report, cell: "litellm-1.61.20/chat")
        let baseline = StatsSample(
            at: 1,
            stats: BackendStats(
                active: 2, started: 5, completed: 0, clientClosed: 3, rejected: 0, time: 1, uptimeSeconds: 1))
        var stats = try #require(baseline.stats)
        (stats.active, stats.started, stats.clientClosed, stats.startedSince) = (12, 17, 5, 2)
        log.emit(LabEvent(sample: StatsSample(at: 2, stats: stats), baseline: baseline, cell: "c"))
        log.emit(LabEvent(sample: StatsSample(at: 3, error: "refused"), baseline: baseline, cell: "c"))
        let lines = try events(in: path).dropFirst()
        #expect(lines.map(\.event) == [.verdict, .cost, .sample, .sample])
        #expect(lines.first?.verdict == .inconclusive && lines.first?.reason == "no proxy")
        #expect(lines.dropFirst().first?.cost?.heldRequests == 10)
        let sample = try #require(lines.dropFirst(2).first)
        #expect((sample.held, sample.seen, sample.late) == (10, 12, 2))
        #expect(lines.last?.message == "refused")
    }
}
