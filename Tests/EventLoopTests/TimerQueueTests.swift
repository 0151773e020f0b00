@testable import LabEventLoop
import Testing

import LabTestSupport

@Suite struct TimerQueueTests {
    /// Pops every timer due at `now`, running each action.
    private func drain(_ queue: inout TimerQueue, now: UInt64 = .max) {
        while let action = queue.popDue(now: now) { action() }
    }

    @Test func firesTimersInDeadlineOrderWhateverTheSchedulingOrder() {
        var queue = TimerQueue()
        let fired = Recorder<UInt64>()
        for deadline: UInt64 in [50, 10, 40, 20, 30] {
            _ = queue.schedule(at: deadline) { fired.record(deadline) }
        }
        drain(&queue)
        #expect(fired.values == [10, 20, 30, 40, 50])
        #expect(queue.count == 0)
        #expect(queue.nextDeadline() == nil)
    }

    @Test func firesTimersWithTheSameDeadlineInSchedulingOrder() {
        var queue = TimerQueue()
        let fired = Recorder<Int>()
        for index in 0..<8 {
            _ = queue.schedule(at: 100) { fired.record(index) }
        }
        drain(&queue)
        #expect(fired.values == Array(0..<8))
    }

    @Test func popsOnlyTimersThatAreDue() {
        var queue = TimerQueue()
        let fired = Recorder<UInt64>()
        for deadline: UInt64 in [30, 10, 20] {
            _ = queue.schedule(at: deadline) { fired.record(deadline) }
        }
        #expect(queue.popDue(now: 9) == nil)
        drain(&queue, now: 20)
        #expect(fired.values == [10, 20])
        #expect(queue.count == 1)
        #expect(queue.nextDeadline() == 30)
        drain(&queue, now: 29)
        #expect(fired.values == [10, 20])
        drain(&queue, now: 30)
        #expect(fired.values == [10, 20, 30])
    }

    @Test func cancelledTimersNeverFireAndLeaveTheNextDeadline() {
        var queue = TimerQueue()
        let fired = Recorder<UInt64>()
        let first = queue.schedule(at: 10) { fired.record(10) }
        _ = queue.schedule(at: 20) { fired.record(20) }
        let third = queue.schedule(at: 30) { fired.record(30) }
        queue.cancel(first)
        queue.cancel(third)
        #expect(queue.count == 1)
        #expect(queue.nextDeadline() == 20)
        drain(&queue)
        #expect(fired.values == [20])
        #expect(queue.nextDeadline() == nil)
    }

    @Test func cancellingATimerThatAlreadyFiredChangesNothing() {
        var queue = TimerQueue()
        let fired = Recorder<UInt64>()
        let early = queue.schedule(at: 10) { fired.record(10) }
        _ = queue.schedule(at: 20) { fired.record(20) }
        drain(&queue, now: 10)
        queue.cancel(early)
        queue.cancel(early)
        #expect(queue.count == 1)
        drain(&queue)
        #expect(fired.values == [10, 20])
    }

    @Test func releasesAnActionWhenItsTimerIsCancelled() {
        final class Token {}
        var queue = TimerQueue()
        weak var released: Token?
        let id: TimerID
        do {
            let token = Token()
            released = token
            id = queue.schedule(at: 10) { _ = token }
        }
        #expect(released != nil)
        queue.cancel(id)
        #expect(released == nil)
    }

    /// Random deadlines (many of them equal), random cancellations, and a clock moving forward in
    /// random steps: every live timer fires exactly once, never early, in (deadline, scheduling) order.
    @Test(arguments: [1, 7, 42, 2024, 9178] as [UInt64])
    func manyRandomTimersComeOutSortedAndEachExactlyOnce(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        var queue = TimerQueue()
        let fired = Recorder<(deadline: UInt64, order: Int)>()
        var scheduled: [(id: TimerID, deadline: UInt64, order: Int)] = []
        for order in 0..<2_000 {
            let deadline = UInt64.random(in: 0..<500, using: &random)
            let id = queue.schedule(at: deadline) { fired.record((deadline, order)) }
            scheduled.append((id, deadline, order))
        }
        var live: [(deadline: UInt64, order: Int)] = []
        for timer in scheduled {
            if Int.random(in: 0..<5, using: &random) == 0 {
                queue.cancel(timer.id)
            } else {
                live.append((timer.deadline, timer.order))
            }
        }
        #expect(queue.count == live.count)

        var now: UInt64 = 0
        var firedAt: [Int: UInt64] = [:]
        while queue.count > 0 {
            now += UInt64.random(in: 0..<40, using: &random)
            let before = fired.values.count
            drain(&queue, now: now)
            for entry in fired.values[before...] { firedAt[entry.order] = now }
            if let next = queue.nextDeadline() { #expect(next > now) }
        }

        let expected = live.sorted { ($0.deadline, $0.order) < ($1.deadline, $1.order) }
        #expect(fired.values.map(\.order) == expected.map(\.order))
        #expect(fired.values.allSatisfy { firedAt[$0.order]! >= $0.deadline })
    }
}
