@testable import LabCore
import Synchronization
import Testing

@Suite struct ConcurrentlyTests {
    @Test(arguments: [1, 2, 5, 40])
    func returnsEveryResultInTheItemsOrderNeverMoreAtOnceThanTheWidth(width: Int) throws {
        let running = Mutex((now: 0, most: 0))
        let results = try Concurrently.map(20, width: width) { index in
            running.withLock { $0 = (now: $0.now + 1, most: max($0.most, $0.now + 1)) }
            defer { running.withLock { $0.now -= 1 } }
            return index * index
        }
        #expect(results == (0..<20).map { $0 * $0 })
        #expect(running.withLock { $0.most } <= width)
    }

    private struct Refused: Error, Equatable { let index: Int }

    @Test func oneAtATimeStopsAtTheFirstErrorAndRethrowsIt() {
        let started = Mutex<[Int]>([])
        #expect(throws: Refused(index: 2)) {
            try Concurrently.map(6, width: 1) { index in
                started.withLock { $0.append(index) }
                if index >= 2 { throw Refused(index: index) }
            }
        }
        #expect(started.withLock { $0 } == [0, 1, 2], "nothing starts after an error")
    }

    @Test func nothingToDoIsNoResult() throws {
        #expect(try Concurrently.map(0, width: 3) { $0 }.isEmpty)
    }
}
