import LabTestSupport
@testable import LabWire
import Testing

/// Differential tests: requests from a small grammar of RFC 9112, with deliberate defects, are fed to
/// the parser, and what it does is compared with an independent model of the rules
/// (``RequestRules``): it must accept exactly the requests the rules accept, parsed to what was sent,
/// and refuse the first one the rules refuse with the status they give (400, 413, 431, 501, 505).
///
/// Seeded and deterministic: a failure names its seed and index and reproduces on every run.
@Suite struct HTTPRequestParserDifferentialTests {
    static let messagesPerSeed = 1_500

    @Test(arguments: HTTPRequestParserFuzzTests.seeds)
    func parserAcceptsExactlyWhatTheRulesAcceptAndRefusesTheRestWithTheirStatus(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        for index in 0..<Self.messagesPerSeed {
            let limits = Self.limits(using: &random)
            let message = RequestGrammar(limits: limits).message(using: &random)
            let expected = try RequestRules(limits: limits).outcome(of: message)
            let bytes = message.flatMap(\.bytes)
            let label = "\(seed)#\(index) limits \(limits.maxHeaderBlockBytes)/\(limits.maxBodyBytes)"
            guard expected.refusal?.status != 0 else {
                Issue.record(
                    "\(label): the grammar built what the rules cannot judge: \(expected.refusal!.rule)")
                return
            }
            let splits = FeedPlan.splitPoints(count: bytes.count, using: &random)
            for plan in [FeedPlan.whole, .randomSplits(splits)] {
                let actual = plan.events(of: bytes, limits: limits)
                guard Self.outcome(actual.events) == Self.statuses(expected) else {
                    Issue.record(
                        """
                        \(label) \(plan): parser \(Self.outcome(actual.events)), rules \(Self.statuses(expected)) \
                        (\(expected.refusal?.rule ?? "all accepted")); defects \(message.map(\.defects)); \
                        \(String(decoding: bytes.prefix(400), as: UTF8.self).debugDescription)
                        """)
                    return
                }
                #expect(expected.refusal != nil || !actual.hasBufferedBytes, "\(label): bytes left over")
            }
        }
    }

    @Test func theGrammarPutsInEveryDefectAndTheRulesReachEveryStatus() throws {
        var random = SeededRandom(seed: HTTPRequestParserFuzzTests.seeds[0])
        var defects = Set<Defect>()
        // Accepted requests count under 200, refusals under their status.
        var statuses: [Int: Int] = [:]
        for _ in 0..<Self.messagesPerSeed {
            let limits = Self.limits(using: &random)
            let message = RequestGrammar(limits: limits).message(using: &random)
            defects.formUnion(message.flatMap(\.defects))
            let outcome = try RequestRules(limits: limits).outcome(of: message)
            statuses[200, default: 0] += outcome.requests.count
            if let refusal = outcome.refusal { statuses[refusal.status, default: 0] += 1 }
        }
        #expect(defects == Set(Defect.allCases))
        #expect(Set(statuses.keys) == [200, 400, 413, 431, 501, 505], "\(statuses)")
        // Both sides of the line are well represented, so neither "accept all" nor "refuse all" passes.
        #expect(statuses[200, default: 0] > Self.messagesPerSeed / 5, "\(statuses)")
        #expect(statuses[400, default: 0] > Self.messagesPerSeed / 5, "\(statuses)")
    }

    /// The default limits most of the time, tight ones otherwise so that 413 and 431 come up.
    static func limits(using random: inout SeededRandom) -> HTTPRequestParser.Limits {
        guard random.chance(0.3) else { return .init() }
        return .init(
            maxHeaderBlockBytes: Int.random(in: 40...400, using: &random),
            maxBodyBytes: Int.random(in: 1...200, using: &random))
    }

    /// What a server would do with each request: the requests it serves, then the status it refuses with.
    private struct Statuses: Equatable, CustomStringConvertible {
        var requests: [HTTPRequest]
        var refusal: Int?

        var description: String {
            "\(requests.count) accepted" + (refusal.map { ", then \($0)" } ?? "")
        }
    }

    private static func outcome(_ events: [HTTPRequestParser.Event]) -> Statuses {
        var statuses = Statuses(requests: [], refusal: nil)
        for event in events {
            switch event {
            case .request(let request): statuses.requests.append(request)
            case .failure(let error): statuses.refusal = error.status.code
            }
        }
        return statuses
    }

    private static func statuses(_ outcome: RequestRules.Outcome) -> Statuses {
        Statuses(requests: outcome.requests, refusal: outcome.refusal?.status)
    }
}
