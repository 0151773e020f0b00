import Glibc
@testable import LeakLab
import Synchronization
import Testing

@Suite struct LabInterruptionTests {
    private final class Said: Sendable {
        let lines = Mutex<[String]>([])
        func write(_ line: String) { lines.withLock { $0.append(line) } }
    }

    @Test func aRunNotInterruptedEndsAsItsBodySays() throws {
        let interruption = LabInterruption(output: { _ in }, stopChildren: {})
        try interruption.checkpoint()
        #expect(try interruption.exitStatus { 1 } == 1)
        #expect(throws: LabInterrupted.self) {
            try interruption.exitStatus { throw LabInterrupted(signal: SIGINT) }
        }
    }

    @Test func interruptionStopsEveryPartOnceLatestFirstAndLetsNothingNewStart() throws {
        let said = Said()
        let stopped = Mutex<[String]>([])
        let interruption = LabInterruption(
            output: { said.write($0) }, stopChildren: { stopped.withLock { $0.append("children") } })
        interruption.onInterrupt { stopped.withLock { $0.append("backends") } }
        interruption.onInterrupt { stopped.withLock { $0.append("proxy") } }
        interruption.interrupt(signal: SIGINT)
        interruption.interrupt(signal: SIGTERM)

        #expect(stopped.withLock { $0 } == ["children", "proxy", "backends"])
        #expect(interruption.signal == SIGINT, "the first signal decides the status")
        #expect(throws: LabInterrupted.self) { try interruption.checkpoint() }
        #expect(said.lines.withLock { $0.last }?.contains("already stopping") == true)
    }

    @Test func anInterruptedCommandEndsWithTheSignalsStatusWhateverItsBodyDid() throws {
        let said = Said()
        let interruption = LabInterruption(output: { said.write($0) }, stopChildren: {})
        interruption.note(folder: "/runs/one")
        interruption.interrupt(signal: SIGTERM)
        struct StoppedUnderIt: Error {}

        #expect(try interruption.exitStatus { throw StoppedUnderIt() } == 143)
        #expect(try interruption.exitStatus { 0 } == 143)
        #expect(said.lines.withLock { $0 }.contains("[lab] partial results kept in /runs/one"))
    }
}
