@testable import LabBackend
import Testing
@testable import LabRecords

@Suite struct SlotQueueTests {
    @Test func servesUpToItsSlotsThenQueuesInArrivalOrder() {
        var queue = SlotQueue(limits: .init(slots: 2))
        #expect(queue.arrive(1) == .served)
        #expect(queue.arrive(2) == .served)
        #expect(queue.arrive(3) == .queued(position: 0))
        #expect(queue.arrive(4) == .queued(position: 1))
        #expect(
            queue.stats(holdSeconds: 60)
                == SlotStats(slots: 2, queueLimit: nil, inUse: 2, queued: 2, refused: 0, holdSeconds: 60))
    }

    @Test func refusesOnceTheQueueIsFullAndCountsTheRefusal() {
        var queue = SlotQueue(limits: .init(slots: 1, queueLimit: 1))
        #expect(queue.arrive(1) == .served)
        #expect(queue.arrive(2) == .queued(position: 0))
        #expect(queue.arrive(3) == .refused)
        #expect(queue.stats(holdSeconds: 0).refused == 1)
        #expect(queue.stats(holdSeconds: 0).queued == 1)
    }

    @Test func aQueueLimitOfZeroRefusesEveryRequestThatFindsNoSlot() {
        var queue = SlotQueue(limits: .init(slots: 1, queueLimit: 0))
        #expect(queue.arrive(1) == .served)
        #expect(queue.arrive(2) == .refused)
    }

    @Test func anEndedRequestGivesItsSlotToTheLongestWaiting() {
        var queue = SlotQueue(limits: .init(slots: 1))
        _ = queue.arrive(1)
        _ = queue.arrive(2)
        _ = queue.arrive(3)
        #expect(queue.end(1) == 2)
        #expect(queue.end(2) == 3)
        #expect(queue.end(3) == nil)
        #expect(queue.stats(holdSeconds: 0).inUse == 0)
    }

    @Test func aWaitingRequestThatEndsLeavesTheQueueWithoutFreeingASlot() {
        var queue = SlotQueue(limits: .init(slots: 1))
        _ = queue.arrive(1)
        _ = queue.arrive(2)
        _ = queue.arrive(3)
        #expect(queue.end(2) == nil)
        #expect(queue.stats(holdSeconds: 0).inUse == 1)
        #expect(queue.end(1) == 3)
    }

    @Test func aFreedSlotMakesRoomInAFullQueue() {
        var queue = SlotQueue(limits: .init(slots: 1, queueLimit: 1))
        _ = queue.arrive(1)
        _ = queue.arrive(2)
        #expect(queue.arrive(3) == .refused)
        #expect(queue.end(1) == 2)
        #expect(queue.arrive(4) == .queued(position: 0))
    }

    @Test func derivesTheSlotOfARequestBehindOthersFromTheHold() {
        // Two slots ending at 100 and 130; the one request ahead takes the first (until 100 + 60 = 160), so the
        // request behind it gets the one freed at 130.
        #expect(SlotStats.slotFreedAt(slotEnds: [130, 100], waitingAhead: 1, holdSeconds: 60) == 130)
        #expect(SlotStats.slotFreedAt(slotEnds: [130, 100], waitingAhead: 0, holdSeconds: 60) == 100)
        // One slot: each request ahead holds it for a whole hold.
        #expect(SlotStats.slotFreedAt(slotEnds: [100], waitingAhead: 2, holdSeconds: 60) == 220)
        #expect(SlotStats.slotFreedAt(slotEnds: [], waitingAhead: 0, holdSeconds: 60) == nil)
    }
}
