import Dispatch
import Foundation
import Testing

@testable import LeakLab

/// The order in which a proxy start's cells begin their loads: wall-clock loads first, a few at a time, then
/// every arrival load together. A wait that should not end is checked for a moment only: a busy machine can
/// only make such a check pass, never fail.
@Suite struct LoadAdmissionTests {
    /// Runs `body` on a thread of its own; the semaphore is signalled once it returned.
    private func onThread(_ body: @escaping @Sendable () -> Void) -> DispatchSemaphore {
        let done = DispatchSemaphore(value: 0)
        Thread {
            body()
            done.signal()
        }.start()
        return done
    }

    private func stillWaiting(_ done: DispatchSemaphore) -> Bool {
        done.wait(timeout: .now() + .milliseconds(200)) == .timedOut
    }

    @Test func anArrivalLoadBeginsOnlyOnceEveryWallClockLoadHasEnded() {
        let admission = LoadAdmission(wallClockCells: 2, width: 2)
        let chat = admission.turn(for: .sending, loads: 1)
        let queue = admission.turn(for: .sending, loads: 1)
        let stream = admission.turn(for: .arrival, loads: 1)
        chat.begin()
        queue.begin()
        let streamBegan = onThread { stream.begin() }
        #expect(stillWaiting(streamBegan))
        // Its requests all reached the backend, but a wall-clock client needs a quiet proxy until it leaves.
        chat.pastTheProxy()
        chat.loadEnded()
        #expect(stillWaiting(streamBegan))
        queue.loadEnded()
        streamBegan.wait()
    }

    @Test func noMoreLoadsThanTheWidthAreForwardedAtOnce() {
        let admission = LoadAdmission(wallClockCells: 2, width: 1)
        let first = admission.turn(for: .sending, loads: 1)
        let second = admission.turn(for: .sending, loads: 1)
        first.begin()
        let secondBegan = onThread { second.begin() }
        #expect(stillWaiting(secondBegan))
        first.loadEnded()
        secondBegan.wait()
    }

    @Test func anArrivalLoadGivesItsSlotAwayOnceItsRequestsReachedTheBackend() {
        let admission = LoadAdmission(wallClockCells: 0, width: 1)
        let first = admission.turn(for: .arrival, loads: 1)
        let second = admission.turn(for: .arrival, loads: 1)
        first.begin()
        let secondBegan = onThread { second.begin() }
        #expect(stillWaiting(secondBegan))
        first.pastTheProxy()
        secondBegan.wait()
        // Its clients leaving later gives nothing away twice: a third load still waits for the second's slot.
        first.loadEnded()
        let third = admission.turn(for: .arrival, loads: 1)
        let thirdBegan = onThread { third.begin() }
        #expect(stillWaiting(thirdBegan))
        second.loadEnded()
        thirdBegan.wait()
    }

    @Test func aRepeatedWallClockCellHoldsTheArrivalLoadsUntilItsLastLoad() {
        let admission = LoadAdmission(wallClockCells: 1, width: 1)
        let chat = admission.turn(for: .sending, loads: 2)
        let stream = admission.turn(for: .arrival, loads: 1)
        chat.begin()
        chat.loadEnded()
        let streamBegan = onThread { stream.begin() }
        #expect(stillWaiting(streamBegan))
        chat.begin()
        chat.loadEnded()
        streamBegan.wait()
    }

    @Test func aCellThatFailedBeforeItsLoadEndedDoesNotHoldTheOthers() {
        let admission = LoadAdmission(wallClockCells: 1, width: 1)
        let failed = admission.turn(for: .sending, loads: 1)
        let stream = admission.turn(for: .arrival, loads: 1)
        failed.begin()
        let streamBegan = onThread { stream.begin() }
        #expect(stillWaiting(streamBegan))
        failed.close()
        streamBegan.wait()
        // Closing a turn again, or its load ending after all, changes nothing.
        failed.close()
        failed.loadEnded()
    }
}
