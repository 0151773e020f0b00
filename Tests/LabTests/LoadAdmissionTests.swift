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
        let admission = LoadAdmission(wallClockCells: 2, wallClockWidth: 2)
        let chat = admission.turn(for: .sending, loads: 1)
        let queue = admission.turn(for: .sending, loads: 1)
        let stream = admission.turn(for: .arrival, loads: 1)
        chat.begin()
        queue.begin()
        let streamBegan = onThread { stream.begin() }
        #expect(stillWaiting(streamBegan))
        chat.loadEnded()
        #expect(stillWaiting(streamBegan))
        queue.loadEnded()
        streamBegan.wait()
    }

    @Test func wallClockLoadsRunNoMoreThanTheWidthAtOnce() {
        let admission = LoadAdmission(wallClockCells: 2, wallClockWidth: 1)
        let first = admission.turn(for: .sending, loads: 1)
        let second = admission.turn(for: .sending, loads: 1)
        first.begin()
        let secondBegan = onThread { second.begin() }
        #expect(stillWaiting(secondBegan))
        first.loadEnded()
        secondBegan.wait()
    }

    @Test func arrivalLoadsAllBeginAtOnceWithoutWallClockCells() {
        let admission = LoadAdmission(wallClockCells: 0, wallClockWidth: 1)
        let turns = (0..<20).map { _ in admission.turn(for: .arrival, loads: 1) }
        // None of them waits for another: each begins on this thread, one after the other.
        for turn in turns { turn.begin() }
    }

    @Test func aRepeatedWallClockCellHoldsTheArrivalLoadsUntilItsLastLoad() {
        let admission = LoadAdmission(wallClockCells: 1, wallClockWidth: 1)
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

    @Test func aWallClockCellThatFailedBeforeItsLoadDoesNotHoldTheOthers() {
        let admission = LoadAdmission(wallClockCells: 1, wallClockWidth: 1)
        let failed = admission.turn(for: .sending, loads: 1)
        let stream = admission.turn(for: .arrival, loads: 1)
        let streamBegan = onThread { stream.begin() }
        #expect(stillWaiting(streamBegan))
        failed.close()
        streamBegan.wait()
        // Closing a turn whose loads all ended changes nothing.
        failed.close()
    }
}
