import Foundation
import LabCore
import LabEventLoop
import Synchronization

/// A `FakeBackend` serving on a thread of its own, for the in-process lab and for tests.
package final class BackgroundBackend: Sendable {
    /// The port it listens on.
    package let port: Int
    private let stopHandle: LoopStopHandle
    private let finished = DispatchSemaphore(value: 0)

    /// Binds and starts serving; throws the bind error (a busy port, say) before returning.
    package init(configuration: FakeBackend.Configuration, log: @escaping @Sendable () throws -> LineWriter)
        throws
    {
        let ready = DispatchSemaphore(value: 0)
        let started = StartResult()
        let finished = finished
        let thread = Thread {
            do {
                let backend = try FakeBackend(configuration: configuration, log: try log())
                started.set(.success((backend.boundPort, backend.stopHandle)))
                ready.signal()
                try? backend.run()
            } catch {
                started.set(.failure(error))
                ready.signal()
            }
            finished.signal()
        }
        thread.name = "fake-backend"
        thread.start()
        ready.wait()
        (port, stopHandle) = try started.get()
    }

    /// Stops serving and waits until the backend's thread has finished.
    package func stop() {
        stopHandle.requestStop()
        finished.wait()
        finished.signal()
    }
}

/// Carries the thread's start result back to the initialiser.
private final class StartResult: Sendable {
    private let result = Mutex<Result<(Int, LoopStopHandle), any Error>?>(nil)

    func set(_ value: Result<(Int, LoopStopHandle), any Error>) { result.withLock { $0 = value } }
    func get() throws -> (Int, LoopStopHandle) { try result.withLock { $0! }.get() }
}
