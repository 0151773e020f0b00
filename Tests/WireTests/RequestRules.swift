@testable import LabWire

/// What a strict HTTP/1.1 server must do with a request, modelled from RFC 9112 and RFC 9110 (and
/// the parser's documented policies where the RFCs leave a choice), independently of the parser:
/// the grammar is written as regular expressions after the ABNF, and nothing here calls LabWire's
/// parsing code.
///
/// A request is judged part by part in wire order, so the first rule broken decides the status:
/// - up to one empty line before the request line is ignored, a second is 400 (policy, §2.2);
/// - every line must end with CRLF, a bare LF is 400 (policy, §2.2), and every head line must fit
///   what is left of the head limit, counted from the request line, or it is 431;
/// - the request line is `method SP target SP HTTP/d.d` with a visible-ASCII target (§3), else
///   400, and a version other than 1.0 and 1.1 is 505;
/// - each field line is `token ":" OWS value OWS` with a value of visible, obs-text, SP or HTAB
///   bytes (§5, RFC 9110 §5.5), else 400: whitespace before the colon (§5.1) and obs-fold (§5.2)
///   fail this too;
/// - after the head: no Host in HTTP/1.1, two Hosts, or a Host that is not `uri-host [":" port]`
///   is 400 (§3.2); then the framing (§6): Transfer-Encoding with Content-Length or in HTTP/1.0 is
///   400, a coding list (empty elements ignored) not ending with a single chunked is 400, a coding
///   before chunked is 501; a Content-Length that is not one number (repeats must agree, and it
///   must fit in 63 bits) is 400, one over the body limit 413;
/// - a chunked body: size lines `1*HEXDIG [BWS ";" ext]` (extensions ignored but free of
///   controls) no longer than the head limit, else 400, and a size taking the body over its limit
///   is 413; chunk data followed by anything but CRLF is 400; trailers are field lines within the
///   head limit (431).
struct RequestRules {
    let limits: HTTPRequestParser.Limits

    /// Why a request is refused: the status a server answers and the rule, for messages.
    ///
    /// Status 0 means the grammar built something the model cannot judge, a bug in the test.
    struct Refusal: Error, Equatable {
        let status: Int
        let rule: String
    }

    /// The requests before the first refusal, and that refusal if there is one.
    struct Outcome: Equatable {
        var requests: [HTTPRequest] = []
        var refusal: Refusal?
    }

    private let requestLinePattern: Regex<(Substring, Substring, Substring, Substring, Substring)>
    private let fieldPattern: Regex<(Substring, Substring, Substring)>
    private let hostPattern: Regex<AnyRegexOutput>
    private let chunkSizePattern: Regex<(Substring, Substring)>

    /// The rules for a server with `limits`; throws only if a pattern of this file is wrong.
    init(limits: HTTPRequestParser.Limits) throws {
        self.limits = limits
        let tchar = #"[!#$%&'*+\-.^_`|~0-9A-Za-z]"#
        let fieldContent = #"[\t\x{20}-\x{7E}\x{80}-\x{10FFFF}]"#
        // uri-host [":" port] (RFC 9110 §7.2, RFC 3986 §3.2.2), IP-literal = "[" ( IPv6 / IPvFuture ) "]",
        // with IPv6 checked for its alphabet only, as the parser documents.
        let unreservedOrSubDelimiter = #"[A-Za-z0-9\-._~!$&'()*+,;=]"#
        let ipLiteral =
            #"\[(?:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*|[vV][0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+)\]"#
        let registeredName = "(?:\(unreservedOrSubDelimiter)|%[0-9A-Fa-f]{2})*"
        requestLinePattern = try Regex(
            "(\(tchar)+) ([!-~]+) HTTP/([0-9])\\.([0-9])",
            as: (Substring, Substring, Substring, Substring, Substring).self
        ).matchingSemantics(.unicodeScalar)
        fieldPattern = try Regex(
            "(\(tchar)+):[ \\t]*(\(fieldContent)*?)[ \\t]*", as: (Substring, Substring, Substring).self
        ).matchingSemantics(.unicodeScalar)
        hostPattern = try Regex("(?:\(ipLiteral)|\(registeredName))(?::[0-9]*)?").matchingSemantics(
            .unicodeScalar)
        chunkSizePattern = try Regex(
            "([0-9A-Fa-f]+)(?:[ \\t]*;\(fieldContent)*)?", as: (Substring, Substring).self
        ).matchingSemantics(.unicodeScalar)
    }

    /// Judges every request of a message in order, stopping at the first refusal.
    func outcome(of message: [GeneratedRequest]) -> Outcome {
        var outcome = Outcome()
        for request in message {
            do throws(Refusal) {
                outcome.requests.append(try judge(request))
            } catch {
                outcome.refusal = error
                break
            }
        }
        return outcome
    }

    private func judge(_ request: GeneratedRequest) throws(Refusal) -> HTTPRequest {
        for (index, ending) in request.emptyLines.enumerated() {
            var fresh = limits.maxHeaderBlockBytes
            try read(WireLine([], ending: ending), budget: &fresh)
            guard index == 0 else {
                throw Refusal(status: 400, rule: "a second empty line before the request")
            }
        }
        var budget = limits.maxHeaderBlockBytes
        try read(request.requestLine, budget: &budget)
        let (method, target, version) = try requestLine(request.requestLine.content)
        var fields: [(name: String, value: String)] = []
        for line in request.fieldLines {
            try read(line, budget: &budget)
            fields.append(try field(line.content))
        }
        try read(WireLine([], ending: request.headEnd), budget: &budget)
        try checkHost(fields, version: version)
        let body = try readBody(request.body, framing: try framing(fields, version: version))
        return HTTPRequest(
            head: HTTPRequestHead(
                method: method, target: target, version: version,
                headers: HTTPHeaders(fields.map { ($0.name, $0.value) })),
            body: body)
    }

    /// A line must fit in `budget` (else `overLimit`) and end with CRLF; it then uses up its length.
    private func read(_ line: WireLine, budget: inout Int, overLimit: Int = 431) throws(Refusal) {
        let length = line.bytes.count
        guard length <= budget else {
            throw Refusal(status: overLimit, rule: "a line of \(length) bytes with \(budget) left")
        }
        guard line.ending == .crlf else { throw Refusal(status: 400, rule: "a line ended by a bare LF") }
        budget -= length
    }

    private func requestLine(_ content: [UInt8]) throws(Refusal) -> (String, String, HTTPVersion) {
        guard let match = text(content).wholeMatch(of: requestLinePattern) else {
            throw Refusal(status: 400, rule: "request line not `method SP target SP HTTP/d.d`")
        }
        let version: HTTPVersion
        switch (match.3, match.4) {
        case ("1", "1"): version = .http1_1
        case ("1", "0"): version = .http1_0
        default: throw Refusal(status: 505, rule: "HTTP/\(match.3).\(match.4) is not supported")
        }
        return (String(match.1), String(match.2), version)
    }

    private func field(_ content: [UInt8]) throws(Refusal) -> (name: String, value: String) {
        guard let match = text(content).wholeMatch(of: fieldPattern) else {
            throw Refusal(status: 400, rule: "field line not `token \":\" OWS value OWS`")
        }
        return (String(match.1), String(match.2))
    }

    private func checkHost(_ fields: [(name: String, value: String)], version: HTTPVersion) throws(Refusal) {
        let hosts = values(of: "host", in: fields)
        guard !hosts.isEmpty || version == .http1_0 else {
            throw Refusal(status: 400, rule: "no Host in HTTP/1.1")
        }
        guard hosts.count <= 1 else { throw Refusal(status: 400, rule: "\(hosts.count) Host lines") }
        if let host = hosts.first, host.wholeMatch(of: hostPattern) == nil {
            throw Refusal(status: 400, rule: "Host \(host.debugDescription) is not uri-host [\":\" port]")
        }
    }

    private enum Framing: Equatable {
        case length(Int)
        case chunked
    }

    private func framing(_ fields: [(name: String, value: String)], version: HTTPVersion) throws(Refusal)
        -> Framing
    {
        let codings = values(of: "transfer-encoding", in: fields)
        let lengths = values(of: "content-length", in: fields)
        if !codings.isEmpty {
            guard lengths.isEmpty else {
                throw Refusal(status: 400, rule: "Transfer-Encoding with Content-Length")
            }
            guard version == .http1_1 else {
                throw Refusal(status: 400, rule: "Transfer-Encoding in HTTP/1.0")
            }
            let elements = codings.flatMap(listElements).filter { !$0.isEmpty }
            func isChunked(_ coding: String) -> Bool {
                coding.unicodeScalars.allSatisfy(\.isASCII) && coding.lowercased() == "chunked"
            }
            guard let last = elements.last, isChunked(last), !elements.dropLast().contains(where: isChunked)
            else {
                throw Refusal(status: 400, rule: "codings \(elements) do not end with a single chunked")
            }
            guard elements.count == 1 else {
                throw Refusal(status: 501, rule: "coding before chunked: \(elements)")
            }
            return .chunked
        }
        guard !lengths.isEmpty else { return .length(0) }
        let numbers = lengths.flatMap(listElements).map { element in
            element.isEmpty || !element.allSatisfy(\.isASCII) || !element.allSatisfy(\.isNumber)
                ? nil : Int(element)
        }
        guard let first = numbers.first ?? nil, numbers.allSatisfy({ $0 == first }) else {
            throw Refusal(status: 400, rule: "Content-Length \(lengths) is not one number")
        }
        guard first <= limits.maxBodyBytes else {
            throw Refusal(status: 413, rule: "Content-Length \(first) over the limit")
        }
        return .length(first)
    }

    private func readBody(_ body: GeneratedBody, framing: Framing) throws(Refusal) -> [UInt8] {
        switch (framing, body) {
        case (.length(0), .absent): return []
        case (.length(let length), .raw(let bytes)) where bytes.count == length: return bytes
        case (.chunked, .chunked(let chunks, let lastChunk, let trailers, let end)):
            var decoded: [UInt8] = []
            for chunk in chunks {
                let size = try chunkSize(chunk.sizeLine, decoded: decoded.count)
                guard size == chunk.data.count else {
                    throw Refusal(
                        status: 0, rule: "the grammar sent \(chunk.data.count) bytes for a chunk of \(size)")
                }
                decoded += chunk.data
                guard chunk.dataEnd == LineEnding.crlf.bytes else {
                    throw Refusal(status: 400, rule: "chunk data followed by \(chunk.dataEnd), not CRLF")
                }
            }
            guard try chunkSize(lastChunk, decoded: decoded.count) == 0 else {
                throw Refusal(status: 0, rule: "the grammar's last chunk is not empty")
            }
            var budget = limits.maxHeaderBlockBytes
            for trailer in trailers {
                try read(trailer, budget: &budget)
                _ = try field(trailer.content)
            }
            try read(WireLine([], ending: end), budget: &budget)
            return decoded
        default:
            throw Refusal(status: 0, rule: "the grammar framed \(body) but the head says \(framing)")
        }
    }

    /// The size a chunk-size line announces, after checking it and the body limit.
    private func chunkSize(_ line: WireLine, decoded: Int) throws(Refusal) -> Int {
        var budget = limits.maxHeaderBlockBytes
        try read(line, budget: &budget, overLimit: 400)
        guard let match = text(line.content).wholeMatch(of: chunkSizePattern) else {
            throw Refusal(status: 400, rule: "chunk-size line \(text(line.content).debugDescription)")
        }
        // A size too large for Int is over any limit.
        let size = Int(match.1, radix: 16) ?? .max
        guard size <= limits.maxBodyBytes - decoded else {
            throw Refusal(status: 413, rule: "chunk of \(size) over the limit")
        }
        return size
    }

    private func values(of lowercasedName: String, in fields: [(name: String, value: String)]) -> [String] {
        fields.filter { $0.name.lowercased() == lowercasedName }.map(\.value)
    }

    /// The elements of a comma-separated list, without optional whitespace, empty ones kept.
    private func listElements(_ value: String) -> [String] {
        value.split(separator: ",", omittingEmptySubsequences: false).map {
            String($0.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
        }
    }

    private func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
