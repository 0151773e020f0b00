import CLinuxEvents
import LabCore
#if canImport(Glibc)
    import Glibc
#endif

/// A single-threaded epoll loop with nanosecond timers: one thread serves thousands of sockets.
///
/// Create it, register handlers, schedule timers, then call `run()` on the same thread; it returns
/// once `stop()` is called on that thread or `stopHandle.requestStop()` from any other.
///
/// ```swift
/// let loop = try EventLoop()
/// try loop.register(listener, for: .readable, handler: acceptor)
/// try loop.run()
/// ```
package final class EventLoop {
    private struct Registration {
        let generation: UInt32
        let handler: EventHandler
    }

    /// Stops the loop from another thread.
    package let stopHandle: LoopStopHandle
    private let epoll: Int32
    private let timerDescriptor: Int32
    private var registrations: [Int32: Registration] = [:]
    private var nextGeneration: UInt32 = 1
    private var timers = TimerQueue()
    private var armedDeadline: UInt64?
    private var stopped = false
    /// Released descriptors in release order, with when each was released; the first `closedCount` are closed.
    private var released: [(descriptor: Int32, at: UInt64)] = []
    private var closedCount = 0
    private var iterationActions: [() -> Void] = []

    /// Generation 0 marks the loop's own descriptors (wake-up and timer).
    private static let internalGeneration: UInt32 = 0

    /// Creates the epoll instance, its timer and its wake-up descriptor.
    package init() throws(SystemError) {
        epoll = try systemCall("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
        timerDescriptor = try systemCall("timerfd_create") {
            timerfd_create(CLOCK_MONOTONIC, Int32(TFD_NONBLOCK) | Int32(TFD_CLOEXEC))
        }
        stopHandle = try LoopStopHandle()
        try control(EPOLL_CTL_ADD, stopHandle.wakeDescriptor, .readable, generation: Self.internalGeneration)
        try control(EPOLL_CTL_ADD, timerDescriptor, .readable, generation: Self.internalGeneration)
    }

    /// Closes every descriptor still registered or released, and drops the timers unfired with their actions.
    ///
    /// A connection the loop still held when it went away would otherwise stay open with nobody to read it:
    /// its peer would wait for an answer or an end that never comes.
    deinit {
        for descriptor in registrations.keys { close(descriptor) }
        closeReleased(upTo: .max)
        close(timerDescriptor)
        close(epoll)
    }

    /// The number of descriptors registered by users of the loop.
    var registeredCount: Int { registrations.count }

    /// Watches `descriptor` for `interest` and calls `handler` when it fires; the loop keeps `handler` alive.
    ///
    /// The loop owns `descriptor` until `deregister` hands it back: one still registered when the loop goes
    /// away is closed with it.
    package func register(_ descriptor: Int32, for interest: IOEvents, handler: EventHandler)
        throws(SystemError)
    {
        let generation = nextGeneration
        nextGeneration = nextGeneration == UInt32.max ? 1 : nextGeneration + 1
        try control(EPOLL_CTL_ADD, descriptor, interest, generation: generation)
        registrations[descriptor] = Registration(generation: generation, handler: handler)
    }

    /// Changes what a registered descriptor is watched for.
    package func modify(_ descriptor: Int32, interest: IOEvents) throws(SystemError) {
        guard let registration = registrations[descriptor] else { return }
        try control(EPOLL_CTL_MOD, descriptor, interest, generation: registration.generation)
    }

    /// Stops watching `descriptor`, releases its handler and hands the descriptor back: call before closing it.
    package func deregister(_ descriptor: Int32) {
        guard registrations.removeValue(forKey: descriptor) != nil else { return }
        epoll_ctl(epoll, EPOLL_CTL_DEL, descriptor, nil)
    }

    /// Releases `descriptor`'s handler and stops watching it now; closes it once the loop has time.
    ///
    /// When thousands of peers hang up at once, closing each socket (the kernel's TCP teardown, costlier
    /// than everything else a hang-up takes) before handling the next hang-up would delay every later one.
    /// So closes wait for a poll that finds nothing ready, and then go a few at a time between polls; one
    /// that waited 200 ms goes even while the loop stays busy, so a busy process keeps its descriptors.
    /// Every one is closed by the time `run()` returns. Stale events for the descriptor later in its batch
    /// fail the generation check.
    package func closeAfterBatch(_ descriptor: Int32) {
        guard registrations.removeValue(forKey: descriptor) != nil else { return }
        // Unwatched at once: until it is closed, every poll would report its end of stream again.
        epoll_ctl(epoll, EPOLL_CTL_DEL, descriptor, nil)
        released.append((descriptor, LabClock.monotonicNanoseconds()))
    }

    /// Runs `action` on the loop's thread once `delay` has passed.
    @discardableResult
    package func schedule(after delay: Duration, _ action: @escaping () -> Void) -> TimerID {
        schedule(at: LabClock.monotonicNanoseconds() + delay.nanoseconds, action)
    }

    /// Runs `action` on the loop's thread at `deadline` (monotonic nanoseconds, see `LabClock`).
    @discardableResult
    package func schedule(at deadline: UInt64, _ action: @escaping () -> Void) -> TimerID {
        timers.schedule(at: deadline, action)
    }

    /// Cancels a timer that has not fired yet.
    package func cancel(_ timer: TimerID) {
        timers.cancel(timer)
    }

    /// Runs `action` on the loop's thread at the end of every iteration, once its events and timers are handled.
    ///
    /// For work worth doing once per batch rather than once per event, such as writing out buffered log lines.
    package func afterEachIteration(_ action: @escaping () -> Void) {
        iterationActions.append(action)
    }

    /// Makes `run()` return after the current iteration.
    package func stop() {
        stopped = true
    }

    /// Dispatches readiness and timers until stopped.
    package func run() throws(SystemError) {
        let capacity = 512
        var events = [epoll_event](repeating: epoll_event(), count: capacity)
        defer { closeReleased(upTo: .max) }
        while !stopped && !stopHandle.isRequested {
            try armTimer()
            // With closes waiting, only look for readiness: an empty poll is the time to close.
            let count = epoll_wait(epoll, &events, Int32(capacity), closedCount < released.count ? 0 : -1)
            if count == -1 {
                if errno == EINTR { continue }
                throw SystemError("epoll_wait")
            }
            for event in events.prefix(Int(count)) {
                dispatch(event)
            }
            fireDueTimers()
            if count == 0 {
                closeReleased(upTo: Self.closesPerIdlePoll)
            } else {
                let now = LabClock.monotonicNanoseconds()
                closeReleased(upTo: .max, before: now - min(now, Self.longestCloseWait))
            }
            for action in iterationActions { action() }
        }
    }

    /// Closes between two polls: a hang-up arriving meanwhile waits for at most these.
    private static let closesPerIdlePoll = 32
    /// How long a released descriptor may wait for an idle loop: longer than a burst of 10,000 hang-ups.
    private static let longestCloseWait = Duration.milliseconds(200).nanoseconds

    /// Closes up to `limit` released descriptors, oldest first, of those released before `deadline`.
    private func closeReleased(upTo limit: Int, before deadline: UInt64 = .max) {
        var closed = 0
        while closed < limit, closedCount < released.count, released[closedCount].at < deadline {
            close(released[closedCount].descriptor)
            closedCount += 1
            closed += 1
        }
        if closedCount == released.count {
            released.removeAll(keepingCapacity: true)
            closedCount = 0
        }
    }

    private func dispatch(_ event: epoll_event) {
        let token = event.data.u64
        let descriptor = Int32(truncatingIfNeeded: token & 0xFFFF_FFFF)
        let generation = UInt32(token >> 32)
        if generation == Self.internalGeneration {
            if descriptor == stopHandle.wakeDescriptor { stopHandle.drain() }
            return
        }
        // A handler earlier in this batch may have closed the descriptor and a new one may reuse its number.
        guard let registration = registrations[descriptor], registration.generation == generation else {
            return
        }
        registration.handler.handle(IOEvents(rawValue: event.events))
    }

    private func fireDueTimers() {
        var expirations: UInt64 = 0
        _ = read(timerDescriptor, &expirations, MemoryLayout<UInt64>.size)
        armedDeadline = nil
        let now = LabClock.monotonicNanoseconds()
        while !stopped, let action = timers.popDue(now: now) {
            action()
        }
    }

    private func armTimer() throws(SystemError) {
        let deadline = timers.nextDeadline()
        guard deadline != armedDeadline else { return }
        armedDeadline = deadline
        var spec = itimerspec()
        if let deadline {
            // An all-zero value disarms, so a deadline already past is armed one nanosecond later.
            let due = max(deadline, 1)
            spec.it_value = timespec(tv_sec: Int(due / 1_000_000_000), tv_nsec: Int(due % 1_000_000_000))
        }
        try systemCall("timerfd_settime") {
            timerfd_settime(timerDescriptor, Int32(TFD_TIMER_ABSTIME), &spec, nil)
        }
    }

    private func control(_ operation: Int32, _ descriptor: Int32, _ interest: IOEvents, generation: UInt32)
        throws(SystemError)
    {
        var event = epoll_event()
        event.events = interest.rawValue
        event.data.u64 = UInt64(generation) << 32 | UInt64(UInt32(bitPattern: descriptor))
        try systemCall("epoll_ctl") { epoll_ctl(epoll, operation, descriptor, &event) }
    }
}
