import LabTestSupport
@testable import LabWire
import Testing

/// Property tests over thousands of seeded inputs: random bytes, valid requests, and valid requests
/// mutated the ways peers and attackers get framing wrong.
///
/// For every input the parser must not trap, must produce the same events however the bytes are
/// split into reads, and must keep returning its failure once it has one. Inputs are drawn in order
/// from fixed seeds, so a failure (reported with its seed and index) reproduces on every run.
/// Whether it refuses exactly what it should is ``HTTPRequestParserDifferentialTests``' concern.
@Suite struct HTTPRequestParserFuzzTests {
    static let seeds: [UInt64] = [0x5EED_0001, 0x5EED_0002, 0x5EED_0003]
    static let inputsPerSeed = 1_200

    @Test(arguments: seeds)
    func randomBytesParseTheSameHoweverTheyAreSplit(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        for index in 0..<Self.inputsPerSeed {
            let input = FuzzInput.randomBytes(using: &random)
            let limits = FuzzInput.limits(using: &random)
            guard
                checkSplitInvariance(input, limits: limits, using: &random, label: "random \(seed)#\(index)")
            else {
                return
            }
        }
    }

    @Test(arguments: seeds)
    func validRequestsParseToExactlyWhatWasSentHoweverTheyAreSplit(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        for index in 0..<Self.inputsPerSeed {
            let message = ValidMessage.make(using: &random)
            let label = "valid \(seed)#\(index)"
            let events = FeedPlan.whole.events(of: message.bytes, limits: .init())
            let expected = message.requests.map { HTTPRequestParser.Event.request($0) }
            #expect(events.events == expected, "\(label): \(message.text)")
            #expect(!events.hasBufferedBytes, "\(label)")
            guard events.events == expected,
                checkSplitInvariance(message.bytes, limits: .init(), using: &random, label: label)
            else { return }
        }
    }

    @Test(arguments: seeds)
    func truncatedValidRequestsYieldOnlyTheirCompleteRequestsAndNeverAFailure(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        for index in 0..<Self.inputsPerSeed {
            let message = ValidMessage.make(using: &random)
            let cut = Int.random(in: 0...message.bytes.count, using: &random)
            let events = FeedPlan.whole.events(of: Array(message.bytes[..<cut]), limits: .init())
            let expected = message.requests.map { HTTPRequestParser.Event.request($0) }
            let isPrefix =
                events.events.count <= expected.count && zip(events.events, expected).allSatisfy(==)
            #expect(isPrefix, "valid \(seed)#\(index) cut at \(cut): \(events.events)")
            if !isPrefix { return }
        }
    }

    @Test(arguments: seeds)
    func validRequestsUnderTightLimitsFailOnlyWithALimitError(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        for index in 0..<Self.inputsPerSeed {
            let message = ValidMessage.make(using: &random)
            let limits = HTTPRequestParser.Limits(
                maxHeaderBlockBytes: Int.random(in: 1...200, using: &random),
                maxBodyBytes: Int.random(in: 1...120, using: &random))
            let events = FeedPlan.whole.events(of: message.bytes, limits: limits).events
            let expected = message.requests.map { HTTPRequestParser.Event.request($0) }
            let requests = events.prefix { if case .request = $0 { true } else { false } }
            let tail = events.dropFirst(requests.count)
            let allowedTail: Bool =
                switch Array(tail) {
                case []: requests.count == expected.count
                case [.failure(.headerBlockTooLarge)], [.failure(.bodyTooLarge)]: true
                default: false
                }
            let ok = allowedTail && zip(requests, expected).allSatisfy(==)
            #expect(
                ok,
                "valid \(seed)#\(index) limits \(limits.maxHeaderBlockBytes)/\(limits.maxBodyBytes): \(events)"
            )
            guard ok,
                checkSplitInvariance(
                    message.bytes, limits: limits, using: &random, label: "tight \(seed)#\(index)")
            else { return }
        }
    }

    @Test(arguments: seeds)
    func mutatedRequestsParseTheSameHoweverTheyAreSplitAndFailuresStick(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        for index in 0..<Self.inputsPerSeed {
            let message = ValidMessage.make(using: &random)
            let (mutation, input) = Mutation.apply(to: message, using: &random)
            let limits = FuzzInput.limits(using: &random)
            let label = "mutated \(seed)#\(index) (\(mutation))"
            guard checkSplitInvariance(input, limits: limits, using: &random, label: label) else { return }
        }
    }

    @Test func everyMutationKindIsExercised() {
        var random = SeededRandom(seed: Self.seeds[0])
        var seen = Set<String>()
        for _ in 0..<Self.inputsPerSeed {
            let message = ValidMessage.make(using: &random)
            seen.insert(Mutation.apply(to: message, using: &random).kind)
        }
        #expect(seen == Set(Mutation.Kind.allCases.map(\.rawValue)))
    }

    @Test func mutationsReachEveryRequestFailureAndStillParseSomeRequests() {
        var random = SeededRandom(seed: Self.seeds[0])
        var failures: [String: Int] = [:]
        var requests = 0
        for _ in 0..<Self.inputsPerSeed {
            let message = ValidMessage.make(using: &random)
            let input = Mutation.apply(to: message, using: &random).bytes
            for event in FeedPlan.whole.events(of: input, limits: FuzzInput.limits(using: &random)).events {
                switch event {
                case .request: requests += 1
                case .failure(let error): failures[error.description, default: 0] += 1
                }
            }
        }
        // The request parser never sees the end of input, and the other two are response-only.
        let reachable: [HTTPParseError] = [
            .malformedRequestLine, .malformedHeader, .bareLineFeed, .tooManyEmptyLines, .missingHost,
            .repeatedHost, .invalidHost, .headerBlockTooLarge, .bodyTooLarge, .invalidContentLength,
            .invalidTransferEncoding, .unsupportedTransferEncoding, .malformedChunk, .unsupportedVersion,
        ]
        #expect(Set(failures.keys) == Set(reachable.map(\.description)), "\(failures)")
        #expect(requests > Self.inputsPerSeed / 2)
    }

    @Test(arguments: [
        ("Content-Length: 99999999999999999999999\r\n", HTTPParseError.invalidContentLength),
        ("Content-Length: 9223372036854775808\r\n", .invalidContentLength),
        ("Content-Length: 9223372036854775807\r\n", .bodyTooLarge),
        ("Content-Length: 8388609\r\n", .bodyTooLarge),
        ("Content-Length: -1\r\n", .invalidContentLength),
        ("Content-Length: +5\r\n", .invalidContentLength),
        ("Content-Length: 0x10\r\n", .invalidContentLength),
        ("Transfer-Encoding: chunked\r\n\r\nfffffffffffffffffffffffff", .bodyTooLarge),
        ("Transfer-Encoding: chunked\r\n\r\n7fffffffffffffff", .bodyTooLarge),
        ("Transfer-Encoding: chunked\r\n\r\n800001", .bodyTooLarge),
        ("Transfer-Encoding: chunked\r\n\r\n-1", .malformedChunk),
        ("Transfer-Encoding: chunked\r\n\r\n0x5", .malformedChunk),
    ])
    func hugeAndSignedNumbersFailWithoutTrapping(framing: String, error: HTTPParseError) {
        let text = "POST / HTTP/1.1\r\nHost: x\r\n\(framing)\r\n"
        let events = FeedPlan.whole.events(of: Array(text.utf8), limits: .init()).events
        #expect(events == [.failure(error)])
    }

    /// Feeds `input` whole, byte by byte and at random split points; every plan must agree.
    private func checkSplitInvariance(
        _ input: [UInt8], limits: HTTPRequestParser.Limits, using random: inout SeededRandom, label: String
    ) -> Bool {
        let reference = FeedPlan.whole.events(of: input, limits: limits)
        var plans: [FeedPlan] = [.byteByByte, .drainOnlyAtEnd]
        for _ in 0..<3 {
            plans.append(.randomSplits(FeedPlan.splitPoints(count: input.count, using: &random)))
        }
        for plan in plans {
            let result = plan.events(of: input, limits: limits)
            guard result == reference else {
                let shown = String(decoding: input.prefix(300), as: UTF8.self).debugDescription
                Issue.record(
                    "\(label) \(plan): \(result.events) != \(reference.events) for \(input.count) bytes \(shown)"
                )
                return false
            }
        }
        if case .failure(let error)? = reference.events.last {
            var parser = HTTPRequestParser(limits: limits)
            parser.feed(input)
            while let event = parser.next(), event != .failure(error) {}
            parser.feed(FuzzInput.randomBytes(using: &random) + Array("GET / HTTP/1.1\r\n\r\n".utf8))
            let again = (0..<3).map { _ in parser.next() }
            guard again.allSatisfy({ $0 == .failure(error) }) else {
                Issue.record("\(label): after \(error) the parser returned \(again)")
                return false
            }
        }
        return true
    }
}

/// How bytes reach the parser, and what it produced.
enum FeedPlan: CustomStringConvertible {
    case whole
    case byteByByte
    case drainOnlyAtEnd
    case randomSplits([Int])

    struct Result: Equatable {
        /// Every event up to and including the first failure.
        var events: [HTTPRequestParser.Event] = []
        /// `hasBufferedBytes` at the end, when no failure happened.
        var hasBufferedBytes = false
    }

    var description: String {
        switch self {
        case .whole: "whole"
        case .byteByByte: "byte by byte"
        case .drainOnlyAtEnd: "all reads first"
        case .randomSplits(let points): "split at \(points)"
        }
    }

    func events(of input: [UInt8], limits: HTTPRequestParser.Limits) -> Result {
        var parser = HTTPRequestParser(limits: limits)
        var result = Result()
        func drain() -> Bool {
            while let event = parser.next() {
                result.events.append(event)
                if case .failure = event { return false }
            }
            return true
        }
        switch self {
        case .whole:
            parser.feed(input)
            guard drain() else { return result }
        case .byteByByte:
            for byte in input {
                parser.feed(CollectionOfOne(byte))
                guard drain() else { return result }
            }
        case .drainOnlyAtEnd:
            for byte in input { parser.feed(CollectionOfOne(byte)) }
            guard drain() else { return result }
        case .randomSplits(let points):
            var start = 0
            for end in points + [input.count] {
                parser.feed(input[start..<end])
                start = end
                guard drain() else { return result }
            }
        }
        result.hasBufferedBytes = parser.hasBufferedBytes
        return result
    }

    /// Sorted cut points in `0...count`, between one and eight of them.
    static func splitPoints(count: Int, using random: inout SeededRandom) -> [Int] {
        (0..<Int.random(in: 1...8, using: &random)).map { _ in Int.random(in: 0...count, using: &random) }
            .sorted()
    }
}

enum FuzzInput {
    /// Bytes that matter to HTTP framing, over-represented so random input reaches deep states.
    static let interesting: [UInt8] =
        Array("\r\n\r\n :\t;,0123456789abcdefABCDEF/HTTP1.\u{7F}".utf8) + [0, 0x80, 0xFF]

    /// Random bytes: sometimes uniform, sometimes drawn from framing bytes, sometimes a start line and noise.
    static func randomBytes(using random: inout SeededRandom) -> [UInt8] {
        let count = Int.random(in: 0...400, using: &random)
        switch Int.random(in: 0..<3, using: &random) {
        case 0:
            return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &random) }
        case 1:
            return (0..<count).map { _ in random.pick(interesting) }
        default:
            let start = random.pick([
                "POST / HTTP/1.1\r\n", "GET /x HTTP/1.0\n", "\r\n", "PUT * HTTP/1.1\r\nA: b\r\n",
            ])
            return Array(start.utf8) + (0..<count).map { _ in random.pick(interesting) }
        }
    }

    /// The default limits most of the time, tight ones otherwise so the limit paths run too.
    static func limits(using random: inout SeededRandom) -> HTTPRequestParser.Limits {
        guard random.chance(0.4) else { return .init() }
        return .init(
            maxHeaderBlockBytes: Int.random(in: 1...300, using: &random),
            maxBodyBytes: Int.random(in: 1...200, using: &random))
    }
}

/// One to three pipelined requests, valid by RFC 9112 and the parser's line rules, and the requests
/// they must parse to.
struct ValidMessage {
    var bytes: [UInt8] = []
    var requests: [HTTPRequest] = []
    /// Where each request's head lines start and end, for line-level mutations.
    var headLines: [Range<Int>] = []
    /// Where each request line starts, for inserting empty lines before it.
    var requestLineStarts: [Int] = []
    /// Where each Host line starts and ends.
    var hostLines: [Range<Int>] = []
    /// Where each chunk-size line's content is, for chunk mutations.
    var chunkSizeLines: [Range<Int>] = []
    /// Where each Content-Length value is.
    var contentLengthValues: [Range<Int>] = []

    var text: String { String(decoding: bytes.prefix(300), as: UTF8.self).debugDescription }

    static let methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "X-CUSTOM!~"]
    static let names = ["Accept", "User-Agent", "X-Request-Id", "authorization", "x_odd-name.1", "Cookie"]
    static let hosts = ["backend", "127.0.0.1:5001", "[::1]:4000", "example.com", "", "a-b.c:80", "h%41st"]
    static let targetBytes = Array("abcxyzABC0123456789-._~!$&'()*+,;=:@/?%".utf8)
    static let valueBytes = Array("abcdefXYZ 0123456789-_.,;=/\"()[]{}\t!?".utf8) + [0x80, 0xC3, 0xA9, 0xFF]

    static func make(using random: inout SeededRandom) -> ValidMessage {
        var message = ValidMessage()
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            message.appendRequest(using: &random)
        }
        return message
    }

    private mutating func append(_ text: String) { bytes += text.utf8 }

    private mutating func appendRequest(using random: inout SeededRandom) {
        let newline = "\r\n"
        if random.chance(0.1) { append(newline) }
        let method = random.pick(Self.methods)
        let target =
            random.chance(0.1)
            ? "*"
            : "/"
                + String(
                    decoding: (0..<Int.random(in: 0...30, using: &random)).map { _ in
                        random.pick(Self.targetBytes)
                    }, as: UTF8.self)
        let version: HTTPVersion = random.chance(0.2) ? .http1_0 : .http1_1
        let lineStart = bytes.count
        requestLineStarts.append(lineStart)
        append("\(method) \(target) \(version)\(newline)")
        headLines.append(lineStart..<bytes.count)

        var headers: [(String, String)] = []
        func field(_ name: String, _ value: [UInt8], into message: inout ValidMessage) -> Range<Int> {
            let start = message.bytes.count
            message.append(name + ":")
            message.append(random.pick(["", " ", "  ", "\t", " \t"]))
            let valueStart = message.bytes.count
            message.bytes += value
            let valueEnd = message.bytes.count
            message.append(random.pick(["", " ", "\t"]) + newline)
            message.headLines.append(start..<message.bytes.count)
            headers.append((name, String(decoding: value, as: UTF8.self)))
            return valueStart..<valueEnd
        }
        func randomValue() -> [UInt8] {
            let core = (0..<Int.random(in: 0...24, using: &random)).map { _ in random.pick(Self.valueBytes) }
            // Field values carry no leading or trailing whitespace once parsed.
            return Array(
                core.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }.reversed()
            )
        }

        let body = (0..<(random.chance(0.4) ? 0 : Int.random(in: 0...200, using: &random))).map { _ in
            UInt8.random(in: .min ... .max, using: &random)
        }
        let framing =
            version == .http1_1
            ? Int.random(in: 0..<3, using: &random) : Int.random(in: 0..<2, using: &random)
        enum Field { case framing, host, extra }
        var fields = Array(repeating: Field.extra, count: Int.random(in: 0...5, using: &random))
        if framing != 0 { fields.insert(.framing, at: Int.random(in: 0...fields.count, using: &random)) }
        // HTTP/1.0 predates Host; HTTP/1.1 must have it (RFC 9112 §3.2).
        if version == .http1_1 || random.chance(0.5) {
            fields.insert(.host, at: Int.random(in: 0...fields.count, using: &random))
        }
        for kind in fields {
            switch (kind, framing) {
            case (.framing, 1):
                contentLengthValues.append(
                    field(
                        random.pick(["Content-Length", "content-length"]), Array(String(body.count).utf8),
                        into: &self))
            case (.framing, _):
                _ = field(
                    random.pick(["Transfer-Encoding", "transfer-encoding"]),
                    Array(random.pick(["chunked", "Chunked", "CHUNKED"]).utf8), into: &self)
            case (.host, _):
                _ = field(random.pick(["Host", "host"]), Array(random.pick(Self.hosts).utf8), into: &self)
                hostLines.append(headLines[headLines.count - 1])
            case (.extra, _):
                _ = field(random.pick(Self.names), randomValue(), into: &self)
            }
        }
        append(newline)

        switch framing {
        case 1:
            bytes += body
        case 2:
            var rest = body[...]
            while !rest.isEmpty {
                let size = Int.random(in: 1...max(1, rest.count), using: &random)
                let digits = String(size, radix: 16, uppercase: random.chance(0.5))
                let padded = String(repeating: "0", count: random.chance(0.1) ? 3 : 0) + digits
                let start = bytes.count
                append(padded)
                chunkSizeLines.append(start..<bytes.count)
                if random.chance(0.15) { append(random.pick([";ext", " ; name=\"v\"", ";a=b;c"])) }
                append(newline)
                bytes += rest.prefix(size)
                rest = rest.dropFirst(size)
                append(newline)
            }
            let start = bytes.count
            append("0")
            chunkSizeLines.append(start..<bytes.count)
            append(newline)
            if random.chance(0.2) { append("X-Trailer: t\(newline)") }
            append(newline)
        default:
            break
        }
        requests.append(
            HTTPRequest(
                head: HTTPRequestHead(
                    method: method, target: target, version: version, headers: HTTPHeaders(headers)),
                body: framing == 0 ? [] : body))
    }
}

/// The ways a valid message is damaged.
enum Mutation {
    enum Kind: String, CaseIterable {
        case flipBits, insertBytes, deleteRange, truncate, duplicateHeaderLine, hugeContentLength,
            chunkSizeGarbage, dropCarriageReturns, spliceTwoMessages, extraEmptyLines, breakHost,
            transferCodingGarbage
    }

    static let hugeNumbers = [
        "99999999999999999999999", "9223372036854775807", "9223372036854775808", "18446744073709551616",
        "-1", "+5", "1e3", "0x10", "", " ", "5, 5", "5,6", "00000000000000000000000000005", "8388609", "1 2",
    ]
    static let chunkGarbage = [
        "zz", "-1", "fffffffffffffffffff", "7fffffffffffffff", "800001", "1;\u{0}", " 1", "1 ;ext", "0x5", "",
        "+1", "1\u{7F}", "g", "10000000000000000",
    ]
    static let invalidHosts = ["a b", "x/y", "user@x", "[::1", "x:8o", "%zz", "caf\u{E9}"]
    static let codingGarbage = ["gzip", "gzip, chunked", "chunked, chunked", "", "chunked, identity"]

    /// Applies one random kind; returns its name and the damaged bytes.
    static func apply(to message: ValidMessage, using random: inout SeededRandom) -> (
        kind: String, bytes: [UInt8]
    ) {
        var bytes = message.bytes
        let kind = random.pick(Kind.allCases)
        switch kind {
        case .flipBits:
            for _ in 0..<Int.random(in: 1...3, using: &random) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] ^=
                    UInt8(1) << UInt8.random(in: 0...7, using: &random)
            }
        case .insertBytes:
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let run = (0..<Int.random(in: 1...3, using: &random)).map { _ in
                    random.pick(FuzzInput.interesting)
                }
                bytes.insert(contentsOf: run, at: Int.random(in: 0...bytes.count, using: &random))
            }
        case .deleteRange:
            let start = Int.random(in: 0...bytes.count, using: &random)
            let end = min(bytes.count, start + Int.random(in: 1...8, using: &random))
            bytes.removeSubrange(start..<end)
        case .truncate:
            bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &random)))
        case .duplicateHeaderLine:
            let line = message.headLines[Int.random(in: 0..<message.headLines.count, using: &random)]
            let copies = Array(repeating: Array(bytes[line]), count: Int.random(in: 1...3, using: &random))
                .flatMap { $0 }
            bytes.insert(contentsOf: copies, at: line.upperBound)
        case .hugeContentLength:
            if let value = message.contentLengthValues.randomElement(using: &random) {
                bytes.replaceSubrange(value, with: random.pick(hugeNumbers).utf8)
            } else {
                let head = message.headLines[0]
                bytes.insert(
                    contentsOf: Array("Content-Length: \(random.pick(hugeNumbers))\r\n".utf8),
                    at: head.upperBound)
            }
        case .chunkSizeGarbage:
            if let line = message.chunkSizeLines.randomElement(using: &random) {
                bytes.replaceSubrange(line, with: random.pick(chunkGarbage).utf8)
            } else {
                let head = message.headLines[0]
                let chunked = "Transfer-Encoding: chunked\r\n"
                bytes.insert(contentsOf: Array(chunked.utf8), at: head.upperBound)
            }
        case .dropCarriageReturns:
            bytes.removeAll { $0 == 0x0D && random.chance(0.5) }
        case .extraEmptyLines:
            let start = random.pick(message.requestLineStarts)
            bytes.insert(
                contentsOf: Array(repeating: Array("\r\n".utf8), count: Int.random(in: 1...3, using: &random))
                    .flatMap { $0 }, at: start)
        case .breakHost:
            let head = message.headLines[0]
            guard let line = message.hostLines.randomElement(using: &random) else {
                bytes.insert(
                    contentsOf: Array("Host: \(random.pick(invalidHosts))\r\n".utf8), at: head.upperBound)
                break
            }
            switch Int.random(in: 0..<3, using: &random) {
            case 0: bytes.removeSubrange(line)
            case 1: bytes.insert(contentsOf: Array("Host: x\r\n".utf8), at: line.upperBound)
            default: bytes.replaceSubrange(line, with: Array("Host: \(random.pick(invalidHosts))\r\n".utf8))
            }
        case .transferCodingGarbage:
            let head = message.headLines[0]
            bytes.insert(
                contentsOf: Array("Transfer-Encoding: \(random.pick(codingGarbage))\r\n".utf8),
                at: head.upperBound)
        case .spliceTwoMessages:
            let other = ValidMessage.make(using: &random).bytes
            bytes =
                Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &random)))
                + other.suffix(Int.random(in: 0...other.count, using: &random))
        }
        return (kind.rawValue, bytes)
    }
}
