import Foundation
import Synchronization

/// Runs work items on threads of their own, a bounded number at once.
package enum Concurrently {
    /// `body(0)`, `body(1)`, … `body(count - 1)`, taken in order by `width` threads at once; the results
    /// in the items' order.
    ///
    /// Threads rather than Dispatch's pool: the items mostly wait (on processes, sockets, other threads),
    /// which a pool sized by the cores would not overlap.
    ///
    /// - Throws: The first error of the lowest item that threw, once every started item has ended; after
    ///   an error no further item starts.
    package static func map<Value: Sendable>(
        _ count: Int, width: Int, _ body: @escaping @Sendable (Int) throws -> Value
    ) throws -> [Value] {
        let state = Mutex<(next: Int, failed: Bool, results: [Int: Result<Value, any Error>])>(
            (0, false, [:]))
        let group = DispatchGroup()
        for _ in 0..<max(0, min(width, count)) {
            group.enter()
            Thread {
                while let index = state.withLock({ state -> Int? in
                    guard state.next < count, !state.failed else { return nil }
                    defer { state.next += 1 }
                    return state.next
                }) {
                    let result = Result { try body(index) }
                    state.withLock { state in
                        state.results[index] = result
                        if case .failure = result { state.failed = true }
                    }
                }
                group.leave()
            }.start()
        }
        group.wait()
        let results = state.withLock { $0.results }
        for index in results.keys.sorted() {
            if case .failure(let error) = results[index]! { throw error }
        }
        return try (0..<count).map { try results[$0]!.get() }
    }
}
