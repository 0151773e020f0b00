import Foundation
import LabTestSupport
@testable import LabCore
@testable import LabVerdict
import Testing

@testable import LeakLab

@Suite struct SoakRecordTests {
    private func verdicts(_ kinds: [VerdictKind]) -> [Verdict] {
        kinds.map { Verdict(kind: $0, reason: "", abandoned: 10, seenByBackend: 10, stillHeld: 0) }
    }

    @Test func agreesOnlyWhenEveryRunReachedTheSameVerdict() {
        let same = SoakRecord(label: "litellm", verdicts: verdicts(Array(repeating: .leak, count: 20)))
        #expect(same.agree)
        #expect(same.summary == "20/20 agree: LEAK")
        let split = SoakRecord(label: "litellm", verdicts: verdicts([.leak, .leak, .pass, .inconclusive]))
        #expect(!split.agree)
        #expect(split.summary == "2/4 agree: LEAK (1 INCONCLUSIVE, 1 PASS)")
    }
}

@Suite struct RunFolderTests {
    @Test func foldersMadeAtOnceForOneLabelAreEachTheirOwn() throws {
        let root = TestFiles.path("leak-lab-runs-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Many rounds: a race between checking a name and making it shows only now and then.
        for round in 0..<50 {
            let paths = try Concurrently.map(8, width: 8) { _ in
                try RunFolder.create(under: root, label: "litellm-\(round)").path
            }
            #expect(Set(paths).count == 8, "\(paths)")
        }
    }

    @Test func makesAUniqueFolderPerRunAndPointsLatestOnlyAtARunThatEnded() throws {
        let root = TestFiles.path("leak-lab-runs-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let first = try RunFolder.create(under: root, label: "nginx")
        let second = try RunFolder.create(under: root, label: "nginx")
        #expect(first.path != second.path)
        #expect(FileManager.default.fileExists(atPath: second.path))
        #expect(!FileManager.default.fileExists(atPath: root + "/latest"), "no run has ended yet")

        let events = EventLog(
            terminal: LineWriter(descriptor: open("/dev/null", O_WRONLY), rewritingProgress: false),
            prefix: "t")
        try events.attach(folder: first)
        events.say("measuring")
        #expect(
            !FileManager.default.fileExists(atPath: root + "/latest"), "a run under way is not the latest")
        events.emit(LabEvent(.runEnded))
        #expect(
            try FileManager.default.destinationOfSymbolicLink(atPath: root + "/latest")
                == (first.path as NSString).lastPathComponent)
    }

    @Test func givesAnAbsolutePathForARelativeRoot() throws {
        let folder = try RunFolder.create(under: "lab-runs-test-\(UUID().uuidString.prefix(8))", label: "x")
        defer {
            try? FileManager.default.removeItem(atPath: (folder.path as NSString).deletingLastPathComponent)
        }
        #expect(folder.path.hasPrefix("/"))
        #expect(FileManager.default.fileExists(atPath: folder.path))
    }
}
