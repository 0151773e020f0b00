/// A backend's slots at one moment (`/stats`'s `slots`, with `--slots` only).
///
/// Invariant: `active == in_use + queued` of the same snapshot; refused requests are counted here only, never
/// as started.
package struct SlotStats: Codable, Sendable, Equatable {
    /// Requests served at once.
    package var slots: Int
    /// Requests that may wait; nil for no limit.
    package var queueLimit: Int?
    /// Slots busy now.
    package var inUse: Int
    /// Requests waiting for a slot now.
    package var queued: Int
    /// Requests refused since start because every slot was busy and the queue full.
    package var refused: Int
    /// How long a request keeps its slot once served, seconds (the backend's hold).
    package var holdSeconds: Double

    /// A snapshot; see the properties for meanings.
    package init(slots: Int, queueLimit: Int?, inUse: Int, queued: Int, refused: Int, holdSeconds: Double) {
        self.slots = slots
        self.queueLimit = queueLimit
        self.inUse = inUse
        self.queued = queued
        self.refused = refused
        self.holdSeconds = holdSeconds
    }
}

extension SlotStats {
    /// When a request that waits behind `waitingAhead` others gets a slot, if nothing ends before its hold
    /// does: the slots end at `slotEnds` (Unix seconds), and each request ahead takes the first slot freed and
    /// keeps it for `holdSeconds`. Nil when no slot is busy (it has one at once).
    ///
    /// This is what a new user would wait behind a proxy that never releases what it holds: derived from the
    /// hold, not measured.
    package static func slotFreedAt(slotEnds: [Double], waitingAhead: Int, holdSeconds: Double) -> Double? {
        var ends = slotEnds.sorted()
        guard !ends.isEmpty else { return nil }
        for _ in 0..<waitingAhead {
            let freed = ends.removeFirst()
            let taken = freed + holdSeconds
            ends.insert(taken, at: ends.firstIndex { $0 > taken } ?? ends.endIndex)
        }
        return ends.first
    }
}
