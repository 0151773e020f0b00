import CLinuxEvents
import LabCore
#if canImport(Glibc)
    import Glibc
#endif
import Synchronization

/// Asks an `EventLoop` to stop from any thread (a signal watcher, a test, another loop).
package final class LoopStopHandle: Sendable {
    let wakeDescriptor: Int32
    private let requested = Atomic<Bool>(false)

    init() throws(SystemError) {
        wakeDescriptor = try systemCall("eventfd") { eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC)) }
    }

    deinit { close(wakeDescriptor) }

    /// Whether a stop was requested.
    var isRequested: Bool { requested.load(ordering: .acquiring) }

    /// Makes the loop return from `run()` after its current iteration.
    package func requestStop() {
        requested.store(true, ordering: .releasing)
        var one: UInt64 = 1
        _ = Glibc.write(wakeDescriptor, &one, MemoryLayout<UInt64>.size)
    }

    func drain() {
        var counter: UInt64 = 0
        _ = Glibc.read(wakeDescriptor, &counter, MemoryLayout<UInt64>.size)
    }
}
