/// Bytes received from a peer and not yet consumed by a parser.
///
/// Consuming only advances a read index and the storage is compacted lazily on append, and the
/// search for a line end resumes where it stopped, so input arriving byte by byte stays linear.
struct WireBuffer: Sendable {
    /// One line without its terminator, and how many bytes it took including the terminator.
    struct Line {
        let content: ArraySlice<UInt8>
        let length: Int
    }

    private var storage: [UInt8] = []
    private var readIndex = 0
    private var scanIndex = 0
    private let acceptsBareLineFeed: Bool

    /// Creates an empty buffer whose lines end with CRLF, and also with a bare LF if `acceptsBareLineFeed`.
    init(acceptsBareLineFeed: Bool) {
        self.acceptsBareLineFeed = acceptsBareLineFeed
    }

    /// Whether every received byte has been consumed.
    var isEmpty: Bool { readIndex == storage.count }

    /// How many received bytes have not been consumed.
    var count: Int { storage.count - readIndex }

    /// Appends bytes as they arrive from the peer.
    mutating func append(_ bytes: some Sequence<UInt8>) {
        if readIndex > 0, readIndex * 2 >= storage.count {
            storage.removeFirst(readIndex)
            scanIndex -= readIndex
            readIndex = 0
        }
        storage.append(contentsOf: bytes)
    }

    /// Consumes the next line, ended by CRLF, or by a bare LF if the buffer accepts one.
    ///
    /// `limit` bounds the line including its terminator. `error` is thrown as soon as the line is
    /// known to exceed it, even before the terminator arrives, so an endless line cannot grow
    /// the buffer without bound. A bare LF the buffer does not accept throws
    /// ``HTTPParseError/bareLineFeed``, checked after the limit so the outcome does not depend on
    /// how the bytes were split.
    mutating func readLine(limit: Int, orThrow error: HTTPParseError) throws(HTTPParseError) -> Line? {
        guard let lineFeed = storage[scanIndex...].firstIndex(of: HTTPSyntax.lf) else {
            scanIndex = storage.count
            if count >= limit { throw error }
            return nil
        }
        let length = lineFeed + 1 - readIndex
        guard length <= limit else { throw error }
        var end = lineFeed
        if end > readIndex, storage[end - 1] == HTTPSyntax.cr {
            end -= 1
        } else if !acceptsBareLineFeed {
            throw .bareLineFeed
        }
        let content = storage[readIndex..<end]
        readIndex = lineFeed + 1
        scanIndex = readIndex
        return Line(content: content, length: length)
    }

    /// Consumes and returns up to `maxCount` bytes.
    mutating func read(upTo maxCount: Int) -> [UInt8] {
        let end = readIndex + min(maxCount, count)
        let bytes = Array(storage[readIndex..<end])
        readIndex = end
        scanIndex = max(scanIndex, readIndex)
        return bytes
    }
}
