import Foundation
@testable import LabCore
@testable import LabEventLoop
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct EventLoopTimerTests {
    @Test func firesTimersInDeadlineOrderOnTheLoopThread() throws {
        let loop = try EventLoop()
        let fired = Recorder<Int>()
        let loopThread = pthread_self()
        let threads = Recorder<Bool>()
        for delay in [30, 10, 20] {
            loop.schedule(after: .milliseconds(delay)) {
                fired.record(delay)
                threads.record(pthread_equal(pthread_self(), loopThread) != 0)
            }
        }
        loop.schedule(after: .milliseconds(60)) { loop.stop() }
        #expect(try loop.runWithWatchdog())
        #expect(fired.values == [10, 20, 30])
        #expect(threads.values == [true, true, true])
    }

    @Test func firesTimersSharingADeadlineInSchedulingOrder() throws {
        let loop = try EventLoop()
        let fired = Recorder<Int>()
        let deadline = LabClock.monotonicNanoseconds() + 20_000_000
        for index in 0..<5 {
            loop.schedule(at: deadline) { fired.record(index) }
        }
        loop.schedule(at: deadline + 1) { loop.stop() }
        #expect(try loop.runWithWatchdog())
        #expect(fired.values == [0, 1, 2, 3, 4])
    }

    @Test func doesNotFireACancelledTimer() throws {
        let loop = try EventLoop()
        let fired = Recorder<String>()
        let cancelled = loop.schedule(after: .milliseconds(10)) { fired.record("cancelled") }
        loop.schedule(after: .milliseconds(20)) { fired.record("kept") }
        loop.schedule(after: .milliseconds(60)) { loop.stop() }
        loop.cancel(cancelled)
        #expect(try loop.runWithWatchdog())
        #expect(fired.values == ["kept"])
    }

    @Test func aTimerCanCancelALaterOneWhileTheLoopRuns() throws {
        let loop = try EventLoop()
        let fired = Recorder<String>()
        let later = loop.schedule(after: .milliseconds(40)) { fired.record("later") }
        loop.schedule(after: .milliseconds(10)) {
            fired.record("first")
            loop.cancel(later)
        }
        loop.schedule(after: .milliseconds(80)) { loop.stop() }
        #expect(try loop.runWithWatchdog())
        #expect(fired.values == ["first"])
    }

    @Test func firesTimersScheduledInThePastInDeadlineOrderBeforeLaterOnes() throws {
        let loop = try EventLoop()
        let fired = Recorder<String>()
        let now = LabClock.monotonicNanoseconds()
        loop.schedule(at: now - 1_000_000_000) { fired.record("a second ago") }
        loop.schedule(at: 0) { fired.record("at zero") }
        loop.schedule(after: .milliseconds(-5)) { fired.record("negative delay") }
        loop.schedule(after: .zero) { fired.record("no delay") }
        loop.schedule(after: .milliseconds(20)) {
            fired.record("later")
            loop.stop()
        }
        #expect(try loop.runWithWatchdog())
        #expect(fired.values == ["at zero", "a second ago", "negative delay", "no delay", "later"])
    }

    @Test func firesATimerScheduledByAnotherTimer() throws {
        let loop = try EventLoop()
        let ticks = Recorder<Int>()
        func tick(_ number: Int) {
            ticks.record(number)
            if number == 3 { return loop.stop() }
            loop.schedule(after: .milliseconds(5)) { tick(number + 1) }
        }
        loop.schedule(after: .milliseconds(5)) { tick(1) }
        #expect(try loop.runWithWatchdog())
        #expect(ticks.values == [1, 2, 3])
    }

    @Test func aTimerEarlierThanTheArmedOneStillFiresFirst() throws {
        let loop = try EventLoop()
        let fired = Recorder<String>()
        let pair = try SocketPair()
        let start = LabClock.monotonicNanoseconds()
        loop.schedule(after: .milliseconds(300)) {
            fired.record("late")
            loop.stop()
        }
        // Once the loop waits on the 300 ms timer, a handler adds a 10 ms one: it must re-arm.
        try loop.register(
            pair.watched, for: .readable,
            handler: ClosureHandler { _ in
                _ = pair.readWatched()
                loop.schedule(after: .milliseconds(10)) { fired.record("early") }
            })
        loop.schedule(after: .milliseconds(5)) { pair.sendFromPeer("x") }
        #expect(try loop.runWithWatchdog())
        loop.deregister(pair.watched)
        #expect(fired.values == ["early", "late"])
        // Re-arming for the early timer must not have made the late one fire early.
        #expect(LabClock.monotonicNanoseconds() - start >= Duration.milliseconds(300).nanoseconds)
    }

    @Test func stopFromAHandlerMakesRunReturn() throws {
        let loop = try EventLoop()
        let pair = try SocketPair()
        let calls = Recorder<IOEvents>()
        try loop.register(
            pair.watched, for: .readable,
            handler: ClosureHandler { events in
                calls.record(events)
                loop.stop()
            })
        pair.sendFromPeer("stop")
        #expect(try loop.runWithWatchdog())
        loop.deregister(pair.watched)
        // Level-triggered and never drained, yet one call: the loop returned right after it.
        #expect(calls.values.count == 1)
        #expect(calls.values.first?.contains(.readable) == true)
    }

    @Test func requestStopFromAnotherThreadWakesTheWaitingLoop() throws {
        let loop = try EventLoop()
        let handle = loop.stopHandle
        let running = DispatchSemaphore(value: 0)
        // Fires on the loop's first turn; after it the loop waits with nothing due but the watchdog.
        loop.schedule(after: .zero) { running.signal() }
        let thread = Thread {
            running.wait()
            handle.requestStop()
        }
        thread.start()
        #expect(try loop.runWithWatchdog())
        #expect(handle.isRequested)
    }

    @Test func requestStopBeforeRunMakesRunReturnWithoutATurn() throws {
        let loop = try EventLoop()
        let fired = Recorder<Bool>()
        // Already due: any turn of the loop would fire it.
        loop.schedule(at: 0) { fired.record(true) }
        loop.stopHandle.requestStop()
        #expect(try loop.runWithWatchdog())
        #expect(fired.values.isEmpty)
    }
}
