@testable import LabWire

/// The UTF-8 bytes of `text`; keeps raw-message literals readable.
func bytes(_ text: String) -> [UInt8] {
    Array(text.utf8)
}

/// Every way to cut `input` in two, plus one byte at a time: the reads a socket may deliver.
func splitReads(of input: [UInt8]) -> [[[UInt8]]] {
    let halves = (0...input.count).map { [Array(input[..<$0]), Array(input[$0...])] }
    return halves + [input.map { [$0] }]
}

/// Feeds `reads` in order and drains events after each, as a server's read loop does.
///
/// Stops after the first failure, which the parser would otherwise repeat forever.
func requestEvents(
    _ reads: [[UInt8]], limits: HTTPRequestParser.Limits = .init()
) -> [HTTPRequestParser.Event] {
    var parser = HTTPRequestParser(limits: limits)
    var events: [HTTPRequestParser.Event] = []
    for read in reads {
        parser.feed(read)
        while let event = parser.next() {
            events.append(event)
            if case .failure = event { return events }
        }
    }
    return events
}

/// ``requestEvents(_:limits:)`` for a message delivered in one read.
func requestEvents(_ text: String, limits: HTTPRequestParser.Limits = .init()) -> [HTTPRequestParser.Event] {
    requestEvents([bytes(text)], limits: limits)
}

/// Feeds `reads` in order, draining after each, then optionally reports EOF and drains again.
///
/// Adjacent body pieces are merged, since how a body is cut into pieces depends on the reads.
func responseEvents(
    _ reads: [[UInt8]], peerCloses: Bool = false, maxBodyBytes: Int = 64 * 1_048_576
) -> [HTTPResponseParser.Event] {
    var parser = HTTPResponseParser(maxBodyBytes: maxBodyBytes)
    var events: [HTTPResponseParser.Event] = []
    func record(_ event: HTTPResponseParser.Event) {
        if case .body(let piece) = event, case .body(let previous)? = events.last {
            events[events.count - 1] = .body(previous + piece)
        } else {
            events.append(event)
        }
    }
    for read in reads {
        parser.feed(read)
        while let event = parser.next() {
            record(event)
            if case .failure = event { return events }
        }
    }
    while peerCloses, let event = parser.peerClosed() {
        record(event)
        if case .failure = event { return events }
    }
    return events
}

/// ``responseEvents(_:peerCloses:maxBodyBytes:)`` for a response delivered in one read.
func responseEvents(
    _ text: String, peerCloses: Bool = false, maxBodyBytes: Int = 64 * 1_048_576
) -> [HTTPResponseParser.Event] {
    responseEvents([bytes(text)], peerCloses: peerCloses, maxBodyBytes: maxBodyBytes)
}

/// The request a parser should produce, built from the public initializers.
func request(
    _ method: String, _ target: String, version: HTTPVersion = .http1_1, headers: [(String, String)],
    body: String = ""
) -> HTTPRequestParser.Event {
    .request(
        HTTPRequest(
            head: HTTPRequestHead(
                method: method, target: target, version: version, headers: HTTPHeaders(headers)),
            body: bytes(body)))
}
