import LabRecords
/// A model server's slots as a pure value: at most `slots` requests are served at once (a GPU serving N
/// sequences), the others wait in arrival order, and a request that finds `queueLimit` already waiting is
/// refused.
///
/// A slot is freed when its request ends: answered, or its peer hung up (a model server aborts the request of a
/// client that disconnected), and then the longest-waiting request gets it. A request that ends while it waits
/// just leaves the queue. An end the queue never admitted is a bug of its owner and stops the process.
///
/// ```swift
/// var queue = SlotQueue(limits: .init(slots: 1, queueLimit: 1))
/// queue.arrive(1)   // .served
/// queue.arrive(2)   // .queued(position: 0)
/// queue.arrive(3)   // .refused
/// queue.end(1)      // 2: request 2 now has the slot
/// ```
package struct SlotQueue: Equatable, Sendable {
    /// How many requests are served at once, and how many may wait (`--slots`, `--queue-limit`).
    package struct Limits: Equatable, Sendable {
        /// Requests served at once, at least 1.
        package var slots: Int
        /// Requests that may wait for a slot; nil for no limit (vLLM's default: its waiting queue is unbounded).
        package var queueLimit: Int?

        /// Limits of `slots` slots and a queue of at most `queueLimit` requests (nil: unbounded).
        package init(slots: Int, queueLimit: Int? = nil) {
            self.slots = slots
            self.queueLimit = queueLimit
        }

        /// `10 slots, the rest wait (no queue limit)` or `10 slots, at most 5 waiting, the rest refused (503)`.
        package var description: String {
            "\(slots) slot\(slots == 1 ? "" : "s"), "
                + (queueLimit.map { "at most \($0) waiting, the rest refused (503)" }
                    ?? "the rest wait (no queue limit)")
        }
    }

    /// What becomes of an arriving request.
    package enum Admission: Equatable, Sendable {
        /// It has a slot: it is served now.
        case served
        /// It waits, behind `position` requests that came before it.
        case queued(position: Int)
        /// Every slot is busy and the queue is full: it is refused at once.
        case refused
    }

    /// The limits the queue keeps.
    package let limits: Limits
    /// The requests served now.
    private(set) var serving: Set<Int> = []
    /// The requests waiting for a slot, longest-waiting first.
    private(set) var waiting: [Int] = []
    /// Requests refused since the start.
    private(set) var refused = 0

    /// An empty queue with `limits`.
    package init(limits: Limits) {
        self.limits = limits
    }

    /// Request `id` arrived.
    package mutating func arrive(_ id: Int) -> Admission {
        precondition(
            !serving.contains(id) && !waiting.contains(id), "slot queue: request #\(id) arrived twice")
        if serving.count < limits.slots {
            serving.insert(id)
            return .served
        }
        if let queueLimit = limits.queueLimit, waiting.count >= queueLimit {
            refused += 1
            return .refused
        }
        waiting.append(id)
        return .queued(position: waiting.count - 1)
    }

    /// Request `id` ended (answered, or its peer hung up), served or waiting.
    ///
    /// - Returns: The waiting request that now has the slot `id` freed; nil when `id` was waiting itself, or no
    ///   request waits.
    package mutating func end(_ id: Int) -> Int? {
        if let index = waiting.firstIndex(of: id) {
            waiting.remove(at: index)
            return nil
        }
        precondition(serving.remove(id) != nil, "slot queue: request #\(id) ended but was never admitted")
        guard !waiting.isEmpty else { return nil }
        let next = waiting.removeFirst()
        serving.insert(next)
        return next
    }

    /// The counters as `/stats` serves them, for a backend that holds each served request `hold` seconds.
    package func stats(holdSeconds: Double) -> SlotStats {
        SlotStats(
            slots: limits.slots, queueLimit: limits.queueLimit, inUse: serving.count, queued: waiting.count,
            refused: refused, holdSeconds: holdSeconds)
    }
}
