@testable import LabRecords
@testable import LabVerdict
import Testing

@testable import LeakLab

@Suite struct BisectSearchTests {
    private let releases = try! (0...20).map { try LiteLLMVersion("1.\($0).0") }

    /// An oracle where every release from `first` on passes.
    private func passingFrom(_ first: Int, skipping skipped: Set<Int> = []) -> (LiteLLMVersion) -> Result<
        VerdictKind, BisectSearch.SkipReason
    > {
        { version in
            let minor = version.release[1]
            if skipped.contains(minor) { return .failure(.init(description: "uninstallable")) }
            return .success(minor >= first ? .pass : .leak)
        }
    }

    @Test(arguments: [1, 2, 7, 13, 19, 20])
    func findsTheFirstReleaseWithTheNewerVerdict(first: Int) {
        let answer = BisectSearch.run(
            releases: releases, older: .leak, newer: .pass, probe: passingFrom(first))
        #expect(answer.firstLikeNewer.release == [1, first, 0])
        #expect(answer.lastLikeOlder.release == [1, first - 1, 0])
        #expect(answer.steps.count <= 5, "binary search over 21 releases")
    }

    @Test func skipsReleasesThatCannotBeMeasuredAndSaysSo() {
        let answer = BisectSearch.run(
            releases: releases, older: .leak, newer: .pass, probe: passingFrom(10, skipping: [10]))
        #expect(
            answer.firstLikeNewer.release == [1, 11, 0],
            "1.10 cannot be judged, so 1.11 is the first seen passing")
        #expect(answer.lastLikeOlder.release == [1, 9, 0])
        #expect(answer.steps.contains(.skipped(try! LiteLLMVersion("1.10.0"), "uninstallable")))
    }

    @Test(arguments: [1, 2, 7, 13, 19, 20])
    func announcesEachReleaseItMeasuresNextBeforeMeasuringTheOneBefore(first: Int) {
        var announced: [[LiteLLMVersion]] = []
        var probed: [LiteLLMVersion] = []
        let oracle = passingFrom(first)
        _ = BisectSearch.run(
            releases: releases, older: .leak, newer: .pass, ahead: { announced.append($0) },
            probe: { version in
                probed.append(version)
                return oracle(version)
            })
        #expect(announced.count == probed.count, "one announcement before each probe")
        for index in probed.indices.dropFirst() {
            #expect(
                announced[index - 1].contains(probed[index]),
                "\(probed[index]) was among the releases installed ahead while \(probed[index - 1]) was measured"
            )
        }
        #expect(announced.allSatisfy { $0.count <= 2 }, "at most the two possible next middles")
    }

    @Test func measuresNothingWhenTheEndsAreNeighbours() {
        let answer = BisectSearch.run(
            releases: Array(releases.prefix(2)), older: .leak, newer: .pass, probe: { _ in .success(.leak) })
        #expect(answer.steps.isEmpty)
        #expect(answer.firstLikeNewer.release == [1, 1, 0])
    }
}

@Suite struct MatrixTableTests {
    @Test func countsCellsThatDoNotMatchTheExpectation() {
        var table = MatrixTable(scenarios: ["chat", "chat-stream-mid"])
        _ = table.row(label: "1.61.20", verdicts: [.leak, .leak])
        _ = table.row(label: "1.110.2", verdicts: [.pass, .inconclusive])
        #expect(table.mismatches(expected: nil) == 0)
        #expect(table.mismatches(expected: .leak) == 2)
        #expect(table.mismatches(expected: .noLeak) == 3)
        _ = table.row(label: "1.61.20", verdicts: [.notServed, .leak])
        #expect(table.mismatches(expected: .leak) == 2, "a route the release does not serve matches anything")
    }

    @Test func printsRowsInTheTablesOrderWhateverOrderTheyEndIn() {
        var table = MatrixTable(scenarios: ["chat"], labels: ["1.61.20", "1.90.0", "1.110.2"])
        #expect(
            table.row(at: 1, label: "1.90.0", verdicts: [.leak]).isEmpty, "the first row is still measured")
        #expect(
            table.row(at: 0, label: "1.61.20", verdicts: [.leak]).map { $0.prefix(7) } == [
                "1.61.20", "1.90.0 ",
            ])
        #expect(table.row(at: 2, label: "1.110.2", verdicts: [.pass]).map { $0.prefix(7) } == ["1.110.2"])
        #expect(table.mismatches(expected: .leak) == 1)
    }

    @Test func alignsRowsUnderTheirHeadings() {
        var table = MatrixTable(scenarios: ["chat", "chat-stream-mid"])
        let row = table.row(label: "1.61.20", verdicts: [.leak, .pass])
        #expect(
            table.header.range(of: "chat-stream-mid")?.lowerBound.utf16Offset(in: table.header)
                == row.range(of: "PASS")?.lowerBound.utf16Offset(in: row))
    }

    @Test func widensItsFirstColumnForServerLabelsSoTheyStayAligned() {
        let labels = ["1.61.20", "1.61.20-gunicorn-w2", "1.110.2-hypercorn-w1"]
        var table = MatrixTable(scenarios: ["chat"], labels: labels)
        let rows = labels.map { table.row(label: $0, verdicts: [.leak]) }
        let column = table.header.range(of: "chat")?.lowerBound.utf16Offset(in: table.header)
        #expect(rows.allSatisfy { $0.range(of: "LEAK")?.lowerBound.utf16Offset(in: $0) == column })
    }
}
