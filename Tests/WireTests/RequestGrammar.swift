import LabTestSupport
@testable import LabWire

/// How a generated line ends.
enum LineEnding: Sendable {
    case crlf
    case bareLineFeed

    var bytes: [UInt8] { self == .crlf ? [0x0D, 0x0A] : [0x0A] }
}

/// One line as sent: its content, never holding a LF or ending with a CR, and its ending.
struct WireLine {
    var content: [UInt8]
    var ending = LineEnding.crlf

    init(_ content: some Sequence<UInt8>, ending: LineEnding = .crlf) {
        self.content = Array(content)
        self.ending = ending
    }

    var bytes: [UInt8] { content + ending.bytes }
}

/// One chunk of a chunked body: its size line, its data and what follows the data (CRLF if valid).
struct GeneratedChunk {
    var sizeLine: WireLine
    var data: [UInt8]
    var dataEnd: [UInt8] = [0x0D, 0x0A]
}

/// What follows a generated head.
enum GeneratedBody {
    /// Nothing.
    case absent
    /// Bytes sent as they are, framed by Content-Length.
    case raw([UInt8])
    /// Chunks, the last-chunk line, trailer lines and the ending of the empty line after them.
    case chunked([GeneratedChunk], lastChunk: WireLine, trailers: [WireLine], end: LineEnding)
}

/// A request as the grammar built it, line by line, so the rules can judge each part where it is.
struct GeneratedRequest {
    var emptyLines: [LineEnding] = []
    var requestLine = WireLine([])
    var fieldLines: [WireLine] = []
    var headEnd = LineEnding.crlf
    var body = GeneratedBody.absent
    /// What the grammar put in on purpose; only for coverage, the rules never read it.
    var defects: [Defect] = []

    var bytes: [UInt8] {
        var bytes =
            emptyLines.flatMap(\.bytes) + requestLine.bytes + fieldLines.flatMap(\.bytes) + headEnd.bytes
        switch body {
        case .absent: break
        case .raw(let raw): bytes += raw
        case .chunked(let chunks, let lastChunk, let trailers, let end):
            for chunk in chunks { bytes += chunk.sizeLine.bytes + chunk.data + chunk.dataEnd }
            bytes += lastChunk.bytes + trailers.flatMap(\.bytes) + end.bytes
        }
        return bytes
    }
}

/// The ways the grammar gets a request wrong, one RFC 9112 rule (or one limit) each.
enum Defect: String, CaseIterable, Sendable {
    case tooManyEmptyLines, bareLineFeed, badMethod, badTarget, badSeparator, unsupportedVersion,
        malformedVersion, missingHost, repeatedHost, invalidHost, spaceBeforeColon, obsFold, noColon,
        badFieldName, controlInValue, headOverLimit, invalidContentLength, conflictingContentLength,
        contentLengthOverLimit, transferEncodingWithContentLength, transferEncodingInHTTP10,
        codingNotEndingInChunked, codingBeforeChunked, badChunkSize, chunkOverLimit, badChunkDataEnd,
        badTrailer

    /// The body framing a defect needs, if any.
    var framing: GeneratedFraming? {
        switch self {
        case .invalidContentLength, .conflictingContentLength, .contentLengthOverLimit: .contentLength
        case .transferEncodingWithContentLength, .transferEncodingInHTTP10, .codingNotEndingInChunked,
            .codingBeforeChunked, .badChunkSize, .chunkOverLimit, .badChunkDataEnd, .badTrailer:
            .chunked
        default: nil
        }
    }
}

/// How the grammar frames a body.
enum GeneratedFraming: CaseIterable {
    case withoutBody, contentLength, chunked
}

/// Builds requests from a small grammar of RFC 9112, valid or with chosen defects.
struct RequestGrammar {
    let limits: HTTPRequestParser.Limits

    static let methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "X-CUSTOM!~"]
    static let badMethods = ["G(T", "", "G\u{C9}T", "GET:", "GE\u{7F}T"]
    static let targets = ["/", "*", "/v1/chat/completions?stream=1", "/a%20b;c=d", "/~user/x.y,z@!$&'()*+="]
    static let badTargets = ["/caf\u{E9}", "/\u{7F}", "/a\u{0}b"]
    static let badSeparators = [("  ", " "), (" ", "  "), ("\t", " "), (" ", "\t")]
    static let unsupportedVersions = ["HTTP/1.2", "HTTP/2.0", "HTTP/0.9", "HTTP/3.0"]
    static let malformedVersions = ["HTTP/1.10", "http/1.1", "HTTP/1", "HTTP/a.b", "HTTP/1.1/", "HTTPS/1.1"]
    static let hosts = [
        "backend", "127.0.0.1:5001", "[::1]:4000", "example.com", "", "a-b.c:", "h%41st", "[v1.x]",
    ]
    static let invalidHosts = ["a b", "x/y", "user@x", "[::1", "x:8o", "%zz", "caf\u{E9}", "x:1:2", "[x]"]
    static let names = ["Accept", "User-Agent", "X-Request-Id", "authorization", "x_odd-name.1", "Cookie"]
    static let badNames = ["Bad Name", "Na(me)", "", "N\u{E9}", "X\u{0}"]
    static let valueBytes = Array("abcXYZ 0123456789-_.,;=/\"()[]{}\t!?%".utf8) + [0x80, 0xC3, 0xA9, 0xFF]
    static let controls: [UInt8] = [0x00, 0x01, 0x07, 0x0D, 0x1B, 0x7F]
    static let chunkedValues = ["chunked", "Chunked", "CHUNKED", "chunked,", ", chunked", " ,chunked"]
    static let codingsWithoutFinalChunked = [
        "gzip", "chunked, gzip", "chunked, chunked", "", " , ", "identity",
    ]
    static let codingsBeforeChunked = ["gzip, chunked", "deflate ,chunked", "x-custom, CHUNKED"]
    static let badChunkSizes = ["zz", "-1", "0x5", "", " 1", "1 ", "+1", "g", "1;\u{0}", "1;a\u{7F}", "1_0"]
    static let chunkExtensions = ["", "", "", ";ext", " ; name=\"v\"", ";a=b;c", "\t;x"]

    /// One to three requests, each with no defect (40%), one (40%) or two (20%).
    func message(using random: inout SeededRandom) -> [GeneratedRequest] {
        (0..<Int.random(in: 1...3, using: &random)).map { _ in
            request(with: defects(using: &random), using: &random)
        }
    }

    /// Zero, one or two defects, at most one of which decides the framing.
    func defects(using random: inout SeededRandom) -> [Defect] {
        var chosen: [Defect] = []
        let count = random.pick([0, 0, 0, 0, 1, 1, 1, 1, 2, 2])
        while chosen.count < count {
            let defect = random.pick(Defect.allCases)
            guard defect.framing == nil || chosen.allSatisfy({ $0.framing == nil }) else { continue }
            chosen.append(defect)
        }
        return chosen
    }

    /// A request with exactly `defects` put in (a defect may still leave it valid, e.g. no Host in HTTP/1.0).
    func request(with defects: [Defect], using random: inout SeededRandom) -> GeneratedRequest {
        var request = GeneratedRequest(defects: defects)
        let version =
            defects.contains(.transferEncodingInHTTP10) || random.chance(0.2) ? "HTTP/1.0" : "HTTP/1.1"
        let framing =
            defects.lazy.compactMap(\.framing).first
            ?? random.pick(
                version == "HTTP/1.0" ? [.withoutBody, .contentLength] : GeneratedFraming.allCases)

        request.emptyLines = Array(
            repeating: .crlf,
            count: defects.contains(.tooManyEmptyLines)
                ? Int.random(in: 2...4, using: &random) : random.pick([0, 0, 0, 1]))
        request.requestLine = requestLine(version: version, defects: defects, using: &random)

        let anyCount = Int.random(in: 0...150, using: &random)
        let body = (0..<random.pick([0, 1, 5, anyCount])).map { _ in
            UInt8.random(in: .min ... .max, using: &random)
        }
        var fields = hostLines(version: version, defects: defects, using: &random)
        fields += framingLines(framing, bodyCount: body.count, defects: defects, using: &random)
        for _ in 0..<Int.random(in: 0...4, using: &random) {
            fields.append(
                WireLine(
                    Array("\(random.pick(Self.names)):\(random.pick(["", " ", "\t "]))".utf8)
                        + value(using: &random)))
        }
        if defects.contains(.headOverLimit) {
            fields.append(
                WireLine("X-Pad: \(String(repeating: "p", count: limits.maxHeaderBlockBytes))".utf8))
        }
        fields.shuffle(using: &random)
        request.fieldLines = fieldDefects(in: fields, defects: defects, using: &random)

        switch framing {
        case .withoutBody: request.body = .absent
        case .contentLength: request.body = .raw(body)
        case .chunked: request.body = chunkedBody(body, defects: defects, using: &random)
        }
        if defects.contains(.bareLineFeed) {
            request.setBareLineFeed(at: Int.random(in: 0..<request.lineCount, using: &random))
        }
        return request
    }

    private func requestLine(version: String, defects: [Defect], using random: inout SeededRandom) -> WireLine
    {
        let method = random.pick(defects.contains(.badMethod) ? Self.badMethods : Self.methods)
        let target = random.pick(defects.contains(.badTarget) ? Self.badTargets : Self.targets)
        let (first, second) = defects.contains(.badSeparator) ? random.pick(Self.badSeparators) : (" ", " ")
        let written =
            defects.contains(.unsupportedVersion)
            ? random.pick(Self.unsupportedVersions)
            : defects.contains(.malformedVersion) ? random.pick(Self.malformedVersions) : version
        return WireLine("\(method)\(first)\(target)\(second)\(written)".utf8)
    }

    private func hostLines(version: String, defects: [Defect], using random: inout SeededRandom) -> [WireLine]
    {
        func host(_ value: String) -> WireLine {
            WireLine("\(random.pick(["Host", "host", "HOST"])):\(random.pick(["", " "]))\(value)".utf8)
        }
        if defects.contains(.missingHost) { return [] }
        if defects.contains(.invalidHost) { return [host(random.pick(Self.invalidHosts))] }
        if defects.contains(.repeatedHost) {
            return [host(random.pick(Self.hosts)), host(random.pick(Self.hosts))]
        }
        return version == "HTTP/1.1" || random.chance(0.5) ? [host(random.pick(Self.hosts))] : []
    }

    private func framingLines(
        _ framing: GeneratedFraming, bodyCount: Int, defects: [Defect], using random: inout SeededRandom
    ) -> [WireLine] {
        func field(_ name: String, _ value: String) -> WireLine { WireLine("\(name): \(value)".utf8) }
        let length = random.pick(["Content-Length", "content-length"])
        let coding = random.pick(["Transfer-Encoding", "transfer-encoding"])
        switch framing {
        case .withoutBody:
            return []
        case .contentLength:
            if defects.contains(.invalidContentLength) {
                return [
                    field(
                        length,
                        random.pick([
                            "abc", "-1", "+5", "", "0x5", "5 5", "\(bodyCount),", "99999999999999999999999",
                        ]))
                ]
            }
            if defects.contains(.conflictingContentLength) {
                return random.chance(0.5)
                    ? [field(length, "\(bodyCount)"), field(length, "\(bodyCount + 1)")]
                    : [field(length, "\(bodyCount), \(bodyCount + 1)")]
            }
            if defects.contains(.contentLengthOverLimit) {
                return [field(length, "\(limits.maxBodyBytes + Int.random(in: 1...1000, using: &random))")]
            }
            return random.chance(0.2)
                ? [field(length, "\(bodyCount)"), field(length, "\(bodyCount)")]
                : [
                    field(
                        length, random.pick(["\(bodyCount)", "00\(bodyCount)", "\(bodyCount), \(bodyCount)"]))
                ]
        case .chunked:
            if defects.contains(.codingNotEndingInChunked) {
                return [field(coding, random.pick(Self.codingsWithoutFinalChunked))]
            }
            if defects.contains(.codingBeforeChunked) {
                return [field(coding, random.pick(Self.codingsBeforeChunked))]
            }
            let chunked = field(coding, random.pick(Self.chunkedValues))
            return defects.contains(.transferEncodingWithContentLength)
                ? [chunked, field(length, "\(bodyCount)")] : [chunked]
        }
    }

    /// A field value that is valid, never empty and never starting or ending with whitespace.
    private func value(using random: inout SeededRandom) -> [UInt8] {
        let inner = (0..<Int.random(in: 0...20, using: &random)).map { _ in random.pick(Self.valueBytes) }
        return [UInt8(ascii: "v")] + inner + [UInt8(ascii: "e")]
    }

    private func fieldDefects(in fields: [WireLine], defects: [Defect], using random: inout SeededRandom)
        -> [WireLine]
    {
        var fields = fields
        func line(_ text: String) -> WireLine { WireLine(text.utf8) }
        let at = Int.random(in: 0...fields.count, using: &random)
        for defect in defects {
            switch defect {
            case .spaceBeforeColon:
                fields.insert(line("\(random.pick(Self.names))\(random.pick([" ", "\t", "  "])): v"), at: at)
            case .obsFold:
                fields.insert(
                    contentsOf: [line("X-Folded: a"), line("\(random.pick([" ", "\t", "  "]))continued")],
                    at: at)
            case .noColon:
                fields.insert(line(random.pick(["NoColon", "No Colon", "-"])), at: at)
            case .badFieldName:
                fields.insert(line("\(random.pick(Self.badNames)): v"), at: at)
            case .controlInValue:
                var value = value(using: &random)
                value.insert(random.pick(Self.controls), at: Int.random(in: 0..<value.count, using: &random))
                fields.insert(WireLine(Array("X-Control: ".utf8) + value), at: at)
            default:
                break
            }
        }
        return fields
    }

    private func chunkedBody(_ body: [UInt8], defects: [Defect], using random: inout SeededRandom)
        -> GeneratedBody
    {
        func sizeLine(_ size: Int) -> WireLine {
            let digits = String(size, radix: 16, uppercase: random.chance(0.5))
            return WireLine((random.pick(["", "", "00"]) + digits + random.pick(Self.chunkExtensions)).utf8)
        }
        var chunks: [GeneratedChunk] = []
        var rest = body[...]
        while !rest.isEmpty || (chunks.isEmpty && defects.contains(.badChunkDataEnd)) {
            let size = max(1, Int.random(in: 1...max(1, rest.count), using: &random))
            let data = rest.isEmpty ? [UInt8(ascii: "d")] : Array(rest.prefix(size))
            rest = rest.dropFirst(data.count)
            chunks.append(GeneratedChunk(sizeLine: sizeLine(data.count), data: data))
        }
        var lastChunk = WireLine((random.pick(["0", "0", "000"]) + random.pick(Self.chunkExtensions)).utf8)
        var trailers = (0..<random.pick([0, 0, 1, 2])).map { index in WireLine("X-Trailer-\(index): t".utf8) }
        if defects.contains(.badChunkSize) {
            let garbage = WireLine(random.pick(Self.badChunkSizes).utf8)
            if chunks.isEmpty || random.chance(0.3) {
                lastChunk = garbage
            } else {
                chunks[Int.random(in: 0..<chunks.count, using: &random)].sizeLine = garbage
            }
        }
        if defects.contains(.chunkOverLimit) {
            let size = random.chance(0.2) ? "fffffffffffffffffff" : String(limits.maxBodyBytes + 1, radix: 16)
            chunks.insert(
                GeneratedChunk(sizeLine: WireLine(size.utf8), data: []),
                at: Int.random(in: 0...chunks.count, using: &random))
        }
        if defects.contains(.badChunkDataEnd) {
            chunks[Int.random(in: 0..<chunks.count, using: &random)].dataEnd = Array(
                random.pick(["X\r\n", "", "\r", "XY", "\r\r\n"]).utf8)
        }
        if defects.contains(.badTrailer) {
            trailers.insert(
                WireLine(random.pick(["Bad Trailer: x", " folded", "NoColon", "T: a\u{0}b", "T : x"]).utf8),
                at: Int.random(in: 0...trailers.count, using: &random))
        }
        return .chunked(chunks, lastChunk: lastChunk, trailers: trailers, end: .crlf)
    }
}

extension GeneratedRequest {
    /// How many places a line ends: empty lines, request line, fields, head end, and in a chunked
    /// body every size line, every chunk's data end, the last-chunk line, trailers and the end.
    var lineCount: Int {
        var count = emptyLines.count + 1 + fieldLines.count + 1
        if case .chunked(let chunks, _, let trailers, _) = body {
            count += chunks.count * 2 + 1 + trailers.count + 1
        }
        return count
    }

    /// Ends line `index` (in wire order, as ``lineCount`` counts them) with a bare LF.
    mutating func setBareLineFeed(at index: Int) {
        var index = index
        func take(_ count: Int) -> Int? {
            defer { index -= count }
            return index < count ? index : nil
        }
        if let at = take(emptyLines.count) { emptyLines[at] = .bareLineFeed; return }
        if take(1) != nil { requestLine.ending = .bareLineFeed; return }
        if let at = take(fieldLines.count) { fieldLines[at].ending = .bareLineFeed; return }
        if take(1) != nil { headEnd = .bareLineFeed; return }
        guard case .chunked(var chunks, var lastChunk, var trailers, var end) = body else { return }
        if let at = take(chunks.count * 2) {
            if at.isMultiple(of: 2) {
                chunks[at / 2].sizeLine.ending = .bareLineFeed
            } else {
                chunks[at / 2].dataEnd = [0x0A]
            }
        } else if take(1) != nil {
            lastChunk.ending = .bareLineFeed
        } else if let at = take(trailers.count) {
            trailers[at].ending = .bareLineFeed
        } else {
            end = .bareLineFeed
        }
        body = .chunked(chunks, lastChunk: lastChunk, trailers: trailers, end: end)
    }
}
