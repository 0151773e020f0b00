extension BackendConnection {
    /// Bytes queued for the peer, marked by what they are, so that what a stream wrote is counted exactly.
    ///
    /// Counting happens as the kernel accepts bytes, not as they are queued: a peer that stops reading
    /// stops the count, and bytes dropped when the peer hangs up are never counted.
    struct Outbound {
        /// What a run of queued bytes is.
        enum Segment: Equatable {
            /// Not counted: a response head, a JSON answer, a control response.
            case plain
            /// Part of request `requestID`'s streamed body; `isEvent` when it is one whole event's chunk.
            case streamed(requestID: Int, isEvent: Bool)
        }

        /// What one write added to a request's stream counters.
        struct Written: Equatable {
            /// The request whose stream the bytes belong to.
            var requestID: Int
            /// Body bytes (chunk framing included) the kernel accepted.
            var bytes: Int
            /// Events whose last byte was among them.
            var chunks: Int
        }

        private var bytes: [UInt8] = []
        private var writtenCount = 0
        /// Where each queued segment ends in `bytes`, oldest first; fully written ones are dropped.
        private var segments: [(end: Int, segment: Segment)] = []
        private var firstSegmentStart = 0

        /// Whether every queued byte was written.
        var isEmpty: Bool { writtenCount == bytes.count }

        /// The bytes still to write.
        var unwritten: ArraySlice<UInt8> { bytes[writtenCount...] }

        /// Queues `newBytes` after everything already queued.
        mutating func append(_ newBytes: [UInt8], as segment: Segment) {
            guard !newBytes.isEmpty else { return }
            bytes += newBytes
            segments.append((bytes.count, segment))
        }

        /// Records that the next `count` unwritten bytes were written, and returns what that adds per stream.
        mutating func didWrite(_ count: Int) -> [Written] {
            let start = writtenCount
            writtenCount += count
            var written: [Written] = []
            while let (end, segment) = segments.first, firstSegmentStart < writtenCount {
                let complete = end <= writtenCount
                if case .streamed(let id, let isEvent) = segment {
                    let counted = min(end, writtenCount) - max(firstSegmentStart, start)
                    let chunks = complete && isEvent ? 1 : 0
                    if written.last?.requestID == id {
                        written[written.count - 1].bytes += counted
                        written[written.count - 1].chunks += chunks
                    } else {
                        written.append(Written(requestID: id, bytes: counted, chunks: chunks))
                    }
                }
                guard complete else { break }
                firstSegmentStart = end
                segments.removeFirst()
            }
            if isEmpty { self = Outbound() }
            return written
        }
    }
}
