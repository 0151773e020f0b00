@testable import LabBackend
import Testing

@Suite struct SlotStateMachineTests {
    @Test func aRequestWithoutASlotWaitsSendingNothingUntilItGetsOne() {
        var machine = Machine.testing(hold: .seconds(10))
        #expect(
            machine.apiRequestParsed(
                requestID: 7, stream: false, keepAlive: true, hasSlot: false, now: arrival) == .none)
        #expect(!machine.isReading)
        let granted = arrival + 500 * millisecond
        #expect(
            machine.slotGranted(now: granted)
                == .startHold(
                    requestID: 7, send: .nothing, firstTokenAt: nil,
                    holdEndsAt: granted + 10_000 * millisecond,
                    closeAfterAnswer: false))
    }

    @Test func aHangUpWhileWaitingForASlotAbandonsTheRequest() {
        var machine = Machine.testing()
        _ = machine.apiRequestParsed(
            requestID: 7, stream: true, keepAlive: true, hasSlot: false, now: arrival)
        #expect(machine.peerClosed() == .releaseAbandoned(requestID: 7))
        #expect(machine.isClosed)
    }

    @Test func aSlotProbeIsAnsweredAsSoonAsItHasASlot() {
        var machine = Machine.testing(hold: .seconds(10))
        #expect(
            machine.apiRequestParsed(requestID: 7, stream: false, atOnce: true, keepAlive: true, now: arrival)
                == .startHold(
                    requestID: 7, send: .nothing, firstTokenAt: nil, holdEndsAt: arrival,
                    closeAfterAnswer: false))
        #expect(machine.holdElapsed() == .answerHeld(requestID: 7, closeAfterWrite: false))
    }

    @Test func bytesBehindAWaitingRequestWaitUnparsed() {
        var machine = Machine.testing()
        _ = machine.apiRequestParsed(
            requestID: 7, stream: false, keepAlive: true, hasSlot: false, now: arrival)
        #expect(machine.bytesRead(10) == .buffer)
        #expect(machine.bytesRead(200) == .drop)
    }
}
