/// Identifies a scheduled timer so it can be cancelled.
package struct TimerID: Hashable, Sendable {
    let value: UInt64
}

/// Deadlines in a binary min-heap; cancelled entries are skipped lazily when they reach the top.
struct TimerQueue {
    private struct Entry {
        let deadline: UInt64
        let id: TimerID

        /// Earlier deadline first, equal ones in scheduling order (ids only grow): a heap is not stable.
        func precedes(_ other: Entry) -> Bool {
            (deadline, id.value) < (other.deadline, other.id.value)
        }
    }

    private var heap: [Entry] = []
    private var actions: [TimerID: () -> Void] = [:]
    private var nextID: UInt64 = 0

    /// The number of timers still scheduled.
    var count: Int { actions.count }

    /// Schedules `action` at `deadline` (monotonic nanoseconds).
    mutating func schedule(at deadline: UInt64, _ action: @escaping () -> Void) -> TimerID {
        nextID += 1
        let id = TimerID(value: nextID)
        actions[id] = action
        heap.append(Entry(deadline: deadline, id: id))
        siftUp(heap.count - 1)
        return id
    }

    /// Cancels a timer; cancelling one that already fired does nothing.
    mutating func cancel(_ id: TimerID) {
        actions[id] = nil
    }

    /// The earliest live deadline, if any.
    mutating func nextDeadline() -> UInt64? {
        dropCancelledTop()
        return heap.first?.deadline
    }

    /// Removes and returns the action of the earliest timer due at `now`, if any.
    mutating func popDue(now: UInt64) -> (() -> Void)? {
        dropCancelledTop()
        guard let top = heap.first, top.deadline <= now else { return nil }
        removeTop()
        return actions.removeValue(forKey: top.id)
    }

    private mutating func dropCancelledTop() {
        while let top = heap.first, actions[top.id] == nil { removeTop() }
    }

    private mutating func removeTop() {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        if !heap.isEmpty { siftDown(0) }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count && heap[left].precedes(heap[smallest]) { smallest = left }
            if right < heap.count && heap[right].precedes(heap[smallest]) { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
