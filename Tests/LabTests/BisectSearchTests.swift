@testable import LabRecords
@testable import LabVerdict
import Testing

@testable import LeakLab

@Suite struct BisectSearchTests {
    private let releases = try! (0...20).map { try LiteLLMVersion("1.\($0).0") }

    /// An oracle where every release from `first` on passes, measuring a round's releases one by one.
    private func passingFrom(_ first: Int, skipping skipped: Set<Int> = []) -> ([LiteLLMVersion]) ->
        [BisectSearch.Outcome]
    {
        { versions in
            versions.map { version in
                let minor = version.release[1]
                if skipped.contains(minor) { return .failure(.init(description: "uninstallable")) }
                return .success(minor >= first ? .pass : .leak)
            }
        }
    }

    @Test(arguments: [1, 2, 7, 13, 19, 20])
    func findsTheFirstReleaseWithTheNewerVerdict(first: Int) {
        let answer = BisectSearch.run(
            releases: releases, older: .leak, newer: .pass, probe: passingFrom(first))
        #expect(answer.firstLikeNewer.release == [1, first, 0])
        #expect(answer.lastLikeOlder.release == [1, first - 1, 0])
        #expect(answer.rounds <= 5 && answer.steps.count == answer.rounds, "binary search over 21 releases")
    }

    @Test(arguments: [1, 2, 7, 13, 19, 20])
    func twoReleasesARoundFindTheSameAnswerInThirds(first: Int) {
        let answer = BisectSearch.run(
            releases: releases, older: .leak, newer: .pass, width: 2, probe: passingFrom(first))
        #expect(answer.firstLikeNewer.release == [1, first, 0])
        #expect(answer.lastLikeOlder.release == [1, first - 1, 0])
        // 19 releases between the ends: thirds of 7, 3, 1 at most, where halves take up to 5 rounds.
        #expect(answer.rounds <= 3, "\(answer.steps)")
    }

    @Test(arguments: [1, 2, 3])
    func skipsReleasesThatCannotBeMeasuredAndSaysSo(width: Int) {
        let answer = BisectSearch.run(
            releases: releases, older: .leak, newer: .pass, width: width,
            probe: passingFrom(10, skipping: [10]))
        #expect(
            answer.firstLikeNewer.release == [1, 11, 0],
            "1.10 cannot be judged, so 1.11 is the first seen passing")
        #expect(answer.lastLikeOlder.release == [1, 9, 0])
        #expect(answer.steps.contains(.skipped(try! LiteLLMVersion("1.10.0"), "uninstallable")))
    }

    @Test func aRoundOfReleasesNeitherLikeAnEndNarrowsNothingButDropsThem() {
        let answer = BisectSearch.run(
            releases: releases, older: .leak, newer: .pass, width: 3,
            probe: passingFrom(12, skipping: Set(3...17)))
        #expect(answer.firstLikeNewer.release == [1, 18, 0] && answer.lastLikeOlder.release == [1, 2, 0])
        #expect(answer.steps.filter { if case .skipped = $0 { true } else { false } }.count == 15)
    }

    @Test(arguments: [1, 2], [1, 2, 7, 13, 19, 20])
    func announcesEachRoundsReleasesWhileTheRoundBeforeIsMeasured(width: Int, first: Int) {
        var announced: [[LiteLLMVersion]] = []
        var rounds: [[LiteLLMVersion]] = []
        let oracle = passingFrom(first)
        _ = BisectSearch.run(
            releases: releases, older: .leak, newer: .pass, width: width, ahead: { announced.append($0) },
            probe: { versions in
                rounds.append(versions)
                return oracle(versions)
            })
        #expect(announced.count == rounds.count, "one announcement before each round")
        #expect(rounds.allSatisfy { $0.count <= width && $0 == $0.sorted() })
        for index in rounds.indices.dropFirst() {
            #expect(
                rounds[index].allSatisfy(announced[index - 1].contains),
                "\(rounds[index]) were among the releases installed ahead while \(rounds[index - 1]) was measured"
            )
        }
        #expect(announced.allSatisfy { $0.count <= width * (width + 1) }, "each part's probes")
    }

    @Test func measuresNothingWhenTheEndsAreNeighbours() {
        let answer = BisectSearch.run(
            releases: Array(releases.prefix(2)), older: .leak, newer: .pass, width: 2,
            probe: { $0.map { _ in .success(.leak) } })
        #expect(answer.steps.isEmpty && answer.rounds == 0)
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
