/// Reads one message body according to its framing, yielding decoded pieces as they arrive.
struct BodyReader: Sendable {
    /// What one read produced.
    enum Piece: Sendable, Equatable {
        /// Decoded body bytes, never empty.
        case data([UInt8])
        /// The body is complete.
        case end
    }

    private enum State: Sendable {
        case length(remaining: Int)
        case chunked(ChunkedDecoder)
        case untilClose(received: Int)
    }

    private var state: State
    private let maxBodyBytes: Int

    /// Creates a reader for a body framed as `framing`.
    ///
    /// `maxLineBytes` bounds chunk-size lines and trailers; the head limit is reused for it.
    init(framing: BodyFraming, maxBodyBytes: Int, maxLineBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
        switch framing {
        case .length(let length): state = .length(remaining: length)
        case .chunked:
            state = .chunked(ChunkedDecoder(maxBodyBytes: maxBodyBytes, maxLineBytes: maxLineBytes))
        case .untilClose: state = .untilClose(received: 0)
        }
    }

    /// Consumes input; returns a piece, or nil when more input is needed.
    ///
    /// Once `inputEnded`, starving ends a close-delimited body and truncates any other.
    mutating func read(from buffer: inout WireBuffer, inputEnded: Bool) throws(HTTPParseError) -> Piece? {
        switch state {
        case .length(let remaining):
            if remaining == 0 { return .end }
            if buffer.isEmpty { return try starved(inputEnded: inputEnded) }
            let bytes = buffer.read(upTo: remaining)
            state = .length(remaining: remaining - bytes.count)
            return .data(bytes)
        case .chunked(var decoder):
            let piece = try decoder.read(from: &buffer)
            state = .chunked(decoder)
            if let piece { return piece }
            return try starved(inputEnded: inputEnded)
        case .untilClose(let received):
            if buffer.isEmpty { return inputEnded ? .end : nil }
            guard buffer.count <= maxBodyBytes - received else { throw .bodyTooLarge }
            state = .untilClose(received: received + buffer.count)
            return .data(buffer.read(upTo: buffer.count))
        }
    }

    private func starved(inputEnded: Bool) throws(HTTPParseError) -> Piece? {
        if inputEnded { throw .truncatedMessage }
        return nil
    }
}
