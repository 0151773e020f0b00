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

    /// The answer of a search that found one: the last release like the older end, the first like the newer
    /// one, the steps between the ends and the rounds.
    private func found(_ answer: BisectSearch.Answer) throws -> (
        last: [Int], first: [Int], steps: [BisectSearch.Step], rounds: Int
    ) {
        guard case .found(let last, let first, _, _, let steps, let rounds) = answer else {
            throw UsageError("no answer: \(answer)")
        }
        return (last.release, first.release, steps, rounds)
    }

    @Test(arguments: [1, 2, 7, 13, 19, 20])
    func findsTheFirstReleaseWithTheNewerVerdict(first: Int) throws {
        let answer = try found(BisectSearch.run(releases: releases, probe: passingFrom(first)))
        #expect(answer.first == [1, first, 0])
        #expect(answer.last == [1, first - 1, 0])
        #expect(answer.rounds <= 5 && answer.steps.count == answer.rounds, "binary search over 21 releases")
    }

    @Test(arguments: [1, 2, 7, 13, 19, 20])
    func twoReleasesARoundFindTheSameAnswerInThirds(first: Int) throws {
        let answer = try found(BisectSearch.run(releases: releases, width: 2, probe: passingFrom(first)))
        #expect(answer.first == [1, first, 0])
        #expect(answer.last == [1, first - 1, 0])
        // 19 releases between the ends: thirds of 7, 3, 1 at most, where halves take up to 5 rounds.
        #expect(answer.rounds <= 3, "\(answer.steps)")
    }

    @Test(arguments: [1, 2, 3])
    func skipsReleasesThatCannotBeMeasuredAndSaysSo(width: Int) throws {
        let answer = try found(
            BisectSearch.run(releases: releases, width: width, probe: passingFrom(10, skipping: [10])))
        #expect(answer.first == [1, 11, 0], "1.10 cannot be judged, so 1.11 is the first seen passing")
        #expect(answer.last == [1, 9, 0])
        #expect(answer.steps.contains(.skipped(try LiteLLMVersion("1.10.0"), "uninstallable")))
    }

    @Test func aRoundOfReleasesNeitherLikeAnEndNarrowsNothingButDropsThem() throws {
        let answer = try found(
            BisectSearch.run(releases: releases, width: 3, probe: passingFrom(12, skipping: Set(3...17))))
        #expect(answer.first == [1, 18, 0] && answer.last == [1, 2, 0])
        #expect(answer.steps.filter { if case .skipped = $0 { true } else { false } }.count == 15)
    }

    @Test(arguments: [1, 2], [1, 2, 7, 13, 19, 20])
    func announcesEachRoundsReleasesWhileTheRoundBeforeIsMeasured(width: Int, first: Int) {
        var announced: [[LiteLLMVersion]] = []
        var rounds: [[LiteLLMVersion]] = []
        let oracle = passingFrom(first)
        _ = BisectSearch.run(
            releases: releases, width: width, ahead: { announced.append($0) },
            probe: { versions in
                rounds.append(versions)
                return oracle(versions)
            })
        #expect(announced.count == rounds.count, "one announcement before each round")
        #expect(
            rounds.first == [releases[0]]
                + BisectSearch.probes(low: 0, high: 20, width: width).map { releases[$0] } + [releases[20]],
            "the ends with the first round")
        #expect(rounds.dropFirst().allSatisfy { $0.count <= width && $0 == $0.sorted() })
        for index in rounds.indices.dropFirst() {
            #expect(
                rounds[index].allSatisfy(announced[index - 1].contains),
                "\(rounds[index]) were among the releases installed ahead while \(rounds[index - 1]) was measured"
            )
        }
        #expect(announced.allSatisfy { $0.count <= width * (width + 1) }, "each part's probes")
    }

    @Test func endsThatAgreeOrCannotBeMeasuredLeaveNothingToSearch() throws {
        let agreeing = BisectSearch.run(
            releases: releases, width: 2, probe: { $0.map { _ in .success(.leak) } })
        #expect(agreeing == .endsDoNotDiffer(older: .success(.leak), newer: .success(.leak)))
        let unmeasured = BisectSearch.run(releases: releases, probe: passingFrom(5, skipping: [20]))
        #expect(
            unmeasured
                == .endsDoNotDiffer(
                    older: .success(.leak), newer: .failure(.init(description: "uninstallable"))))
        var measured: [[LiteLLMVersion]] = []
        let one = BisectSearch.run(
            releases: Array(releases.prefix(1)), width: 2,
            probe: {
                measured.append($0)
                return $0.map { _ in .success(.pass) }
            })
        #expect(measured == [[releases[0]]], "one release is measured once")
        #expect(one == .endsDoNotDiffer(older: .success(.pass), newer: .success(.pass)))
    }

    @Test func neighbouringEndsAreMeasuredAndAreTheAnswer() throws {
        var measured: [[LiteLLMVersion]] = []
        let answer = try found(
            BisectSearch.run(
                releases: Array(releases.prefix(2)), width: 2,
                probe: {
                    measured.append($0)
                    return passingFrom(1)($0)
                }))
        #expect(measured == [Array(releases.prefix(2))] && answer.steps.isEmpty && answer.rounds == 1)
        #expect(answer.first == [1, 1, 0])
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
