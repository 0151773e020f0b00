/// Decodes the chunked transfer coding (RFC 9112 §7.1), yielding chunk data as it arrives.
///
/// Chunk extensions are ignored and trailer fields are checked for syntax, then dropped: the
/// lab never needs them, and passing them on would invite trusting them as headers.
struct ChunkedDecoder: Sendable {
    private enum Phase: Sendable {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailers(budget: Int)
    }

    private var phase = Phase.size
    private var decodedBytes = 0
    private let maxBodyBytes: Int
    private let maxLineBytes: Int

    /// Creates a decoder; `maxLineBytes` bounds each chunk-size line and the whole trailer section.
    init(maxBodyBytes: Int, maxLineBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
        self.maxLineBytes = maxLineBytes
    }

    /// Consumes input; returns decoded data, `.end` after the trailers, or nil when starved.
    mutating func read(from buffer: inout WireBuffer) throws(HTTPParseError) -> BodyReader.Piece? {
        while true {
            switch phase {
            case .size:
                guard let line = try buffer.readLine(limit: maxLineBytes, orThrow: .malformedChunk) else {
                    return nil
                }
                let size = try Self.chunkSize(line.content)
                // Checked against the announced size so an oversized chunk fails before its data.
                guard size <= maxBodyBytes - decodedBytes else { throw .bodyTooLarge }
                phase = size == 0 ? .trailers(budget: maxLineBytes) : .data(remaining: size)
            case .data(let remaining):
                guard !buffer.isEmpty else { return nil }
                let bytes = buffer.read(upTo: remaining)
                decodedBytes += bytes.count
                phase = bytes.count == remaining ? .dataEnd : .data(remaining: remaining - bytes.count)
                return .data(bytes)
            case .dataEnd:
                // A limit of 2 admits only CRLF or LF, so stray data fails without waiting for a LF.
                guard let line = try buffer.readLine(limit: 2, orThrow: .malformedChunk) else { return nil }
                guard line.content.isEmpty else { throw .malformedChunk }
                phase = .size
            case .trailers(let budget):
                guard let line = try buffer.readLine(limit: budget, orThrow: .headerBlockTooLarge) else {
                    return nil
                }
                if line.content.isEmpty { return .end }
                _ = try HTTPHeaders.parseField(line.content)
                phase = .trailers(budget: budget - line.length)
            }
        }
    }

    /// `1*HEXDIG [ BWS ";" chunk-ext ]`, with the extension ignored but kept free of controls.
    private static func chunkSize(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> Int {
        let digitsEnd = line.firstIndex { hexValue($0) == nil } ?? line.endIndex
        let extensions = line[digitsEnd...].drop(while: HTTPSyntax.isWhitespace)
        guard digitsEnd > line.startIndex,
            digitsEnd == line.endIndex
                || (extensions.first == HTTPSyntax.semicolon
                    && extensions.allSatisfy(HTTPSyntax.isFieldContent))
        else { throw .malformedChunk }
        var size = 0
        for digit in line[..<digitsEnd].compactMap(hexValue) {
            // Anything this large is over every body limit; stop before Int overflows.
            guard size <= (Int.max - 15) / 16 else { throw .bodyTooLarge }
            size = size * 16 + digit
        }
        return size
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }
}
