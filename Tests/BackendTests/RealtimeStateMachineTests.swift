@testable import LabBackend
import Testing

@Suite struct RealtimeStateMachineTests {
    private func open() -> BackendConnection.StateMachine {
        var machine = BackendConnection.StateMachine(FakeBackend.Configuration(hold: .seconds(2)))
        #expect(
            machine.websocketAccepted(requestID: 4, now: 10)
                == .openWebSocket(requestID: 4, holdEndsAt: 2_000_000_010))
        return machine
    }

    @Test func anOpenSessionReadsFramesAndIsReleasedWhenThePeerHangsUp() {
        var machine = open()
        #expect(machine.bytesRead(100) == .frames)
        #expect(machine.writeDrained() == .none)
        #expect(machine.peerClosed() == .releaseAbandoned(requestID: 4))
        #expect(machine.isClosed)
    }

    @Test func aCloseFrameOrABadFrameIsAnsweredThenTheConnectionCloses() {
        for protocolError in [false, true] {
            var machine = open()
            #expect(
                machine.websocketClosedByPeer(protocolError: protocolError)
                    == .closeWebSocket(requestID: 4, abandoned: true, closeCode: protocolError ? 1002 : 1000))
            #expect(machine.bytesRead(10) == .drop)
            #expect(machine.writeDrained() == .close)
        }
    }

    @Test func theHoldsEndCompletesTheSessionWithANormalClose() {
        var machine = open()
        #expect(machine.holdElapsed() == .closeWebSocket(requestID: 4, abandoned: false, closeCode: 1000))
        #expect(machine.peerClosed() == .close)
    }
}
