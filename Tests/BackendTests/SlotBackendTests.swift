@testable import LabAPI
@testable import LabBackend
@testable import LabWire
import Testing

import LabTestSupport

/// A chat request whose user asks the slot probe's prompt.
let probeRequest: String = {
    let body = ChatCompletionsFormat().requestBody(
        model: "gpt-4o", stream: false, prompt: SlotProbePrompt.text
    )
    .serialized
    return "POST /v1/chat/completions HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
}()

@Suite struct SlotBackendTests {
    @Test func holdsAsManyRequestsAsItHasSlotsAndQueuesTheNext() throws {
        let backend = try TestBackend(slots: .init(slots: 2))
        let clients = try (0..<3).map { _ in try LoopbackClient(port: backend.port) }
        for client in clients { client.send(chatRequest) }
        let stats = try backend.stats { $0.active == 3 }
        #expect(stats.slots?.inUse == 2 && stats.slots?.queued == 1 && stats.slots?.refused == 0)
        #expect(stats.started == 3 && stats.isConsistent)
        let records = try backend.records()
        #expect(records.filter { $0.slotAt != nil }.count == 2)
    }

    @Test func refusesWith503OnceEverySlotIsBusyAndTheQueueFull() throws {
        let backend = try TestBackend(slots: .init(slots: 1, queueLimit: 1))
        let held = try (0..<2).map { _ in try LoopbackClient(port: backend.port) }
        for client in held { client.send(chatRequest) }
        #expect(try backend.reaches { $0.active == 2 })

        let refused = try LoopbackClient(port: backend.port)
        refused.send(chatRequest)
        let response = try #require(try refused.readResponses(1).first)
        #expect(response.head.status.code == 503)
        let stats = try backend.stats()
        #expect(stats.slots?.refused == 1 && stats.rejected == 0)
        // A refused request was never started: the counters' invariant holds without it.
        #expect(stats.started == 2 && stats.isConsistent)
    }

    @Test func aHangUpFreesItsSlotForTheQueuedProbeWhichIsServedAtOnce() throws {
        let backend = try TestBackend(slots: .init(slots: 1))
        let abandoned = try LoopbackClient(port: backend.port)
        abandoned.send(chatRequest)
        #expect(try backend.reaches { $0.active == 1 })
        let probe = try LoopbackClient(port: backend.port)
        probe.send(probeRequest)
        #expect(try backend.reaches { $0.slots?.queued == 1 })

        abandoned.close()
        let response = try #require(try probe.readResponses(1).first)
        #expect(response.head.status.code == 200)
        let stats = try backend.stats { $0.completed == 1 }
        #expect(stats.clientClosed == 1 && stats.active == 0 && stats.slots?.inUse == 0 && stats.isConsistent)
        let record = try #require(try backend.records().first { $0.probe == true })
        let slotAt = try #require(record.slotAt)
        #expect(slotAt >= record.startedAt && record.outcome == .completed)
    }

    @Test func aQueuedRequestWhoseClientHangsUpLeavesTheQueue() throws {
        let backend = try TestBackend(slots: .init(slots: 1))
        let holder = try LoopbackClient(port: backend.port)
        holder.send(chatRequest)
        #expect(try backend.reaches { $0.active == 1 })
        let waiting = try LoopbackClient(port: backend.port)
        waiting.send(chatRequest)
        #expect(try backend.reaches { $0.slots?.queued == 1 })

        waiting.close()
        let stats = try backend.stats { $0.clientClosed == 1 }
        #expect(
            stats.slots?.queued == 0 && stats.slots?.inUse == 1 && stats.active == 1 && stats.isConsistent)
    }

    @Test func withoutSlotsTheStatsCarryNone() throws {
        let backend = try TestBackend()
        #expect(try backend.stats().slots == nil)
    }
}
