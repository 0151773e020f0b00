/// The framing state machine both parsers share: a head, body pieces, the end, and again.
///
/// A failure is sticky: after one, every call throws it again, because the position of the
/// next message on the connection is unknown.
struct MessageReader<Line: StartLine>: Sendable {
    /// One step of a message.
    enum Event: Sendable {
        /// The start line and header fields.
        case head(Line, HTTPHeaders)
        /// Decoded body bytes, never empty.
        case body([UInt8])
        /// The message is complete; the next bytes start a new one.
        case end
    }

    private enum Phase: Sendable {
        case head
        case body(BodyReader)
        case failed(HTTPParseError)
    }

    private var buffer = WireBuffer(acceptsBareLineFeed: Line.lineRules.acceptsBareLineFeed)
    private var head: HeadReader<Line>
    private var phase = Phase.head
    private var inputEnded = false
    private let maxHeaderBlockBytes: Int
    private let maxBodyBytes: Int

    /// Creates a reader with the given limits, both of which must be positive.
    init(maxHeaderBlockBytes: Int, maxBodyBytes: Int) {
        precondition(maxHeaderBlockBytes > 0 && maxBodyBytes > 0, "HTTP limits must be positive")
        self.maxHeaderBlockBytes = maxHeaderBlockBytes
        self.maxBodyBytes = maxBodyBytes
        head = HeadReader(limit: maxHeaderBlockBytes)
    }

    /// Whether some received bytes are not yet part of a completed message.
    var hasBufferedBytes: Bool {
        switch phase {
        case .head: !buffer.isEmpty || head.hasStarted
        case .body, .failed: true
        }
    }

    /// Appends bytes as they arrive, split anywhere.
    mutating func feed(_ bytes: some Sequence<UInt8>) {
        buffer.append(bytes)
    }

    /// Takes every byte received and not yet consumed: the connection now speaks another protocol.
    mutating func takeUnconsumed() -> [UInt8] {
        buffer.read(upTo: buffer.count)
    }

    /// Records that the peer closed, so starving becomes the end of input instead of a wait.
    mutating func endInput() {
        inputEnded = true
    }

    /// Returns the next event, nil when more input is needed, or throws the (sticky) failure.
    mutating func next() throws(HTTPParseError) -> Event? {
        do throws(HTTPParseError) {
            return try advance()
        } catch {
            phase = .failed(error)
            throw error
        }
    }

    private mutating func advance() throws(HTTPParseError) -> Event? {
        switch phase {
        case .failed(let error):
            throw error
        case .head:
            guard let (line, headers) = try head.read(from: &buffer) else {
                if inputEnded && hasBufferedBytes { throw .truncatedMessage }
                return nil
            }
            try line.validate(headers)
            let framing = try line.bodyFraming(for: headers, maxBodyBytes: maxBodyBytes)
            phase = .body(
                BodyReader(framing: framing, maxBodyBytes: maxBodyBytes, maxLineBytes: maxHeaderBlockBytes))
            return .head(line, headers)
        case .body(var reader):
            let piece = try reader.read(from: &buffer, inputEnded: inputEnded)
            switch piece {
            case nil:
                phase = .body(reader)
                return nil
            case .data(let bytes):
                phase = .body(reader)
                return .body(bytes)
            case .end:
                phase = .head
                return .end
            }
        }
    }
}
