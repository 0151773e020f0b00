@testable import LabBackend
import LabTestSupport
@testable import LabWire
import Testing

/// How a connection ends, seen from a client on loopback.
@Suite struct BackendConnectionWireTests {
    @Test func inputPipelinedPastTheLimitsBehindAHeldRequestIsDroppedAndTheAnswerClosesTheConnection() throws
    {
        // At most 2 KiB wait behind a response; the hold leaves the backend ample time to read what follows.
        let backend = try TestBackend(
            hold: .seconds(2),
            limits: HTTPRequestParser.Limits(maxHeaderBlockBytes: 1_024, maxBodyBytes: 1_024))
        let client = try LoopbackClient(port: backend.port)
        client.send(chatRequest)
        #expect(try backend.reaches { $0.active == 1 })
        client.send(String(repeating: "x", count: 16_384))
        let answer = try #require(try client.readResponses(1).first)
        #expect(answer.head.status.code == 200)
        #expect(answer.head.headers["Connection"] == "close")
        #expect(client.seesTheEnd())
        let stats = try backend.stats()
        #expect(stats.completed == 1 && stats.rejected == 0, "what was dropped was never parsed")
    }

    @Test func aHeldClientSeesItsConnectionEndWhenTheBackendStops() throws {
        let backend = try TestBackend()
        let client = try LoopbackClient(port: backend.port)
        client.send(chatRequest)
        #expect(try backend.reaches { $0.active == 1 })
        backend.backend.stop()
        #expect(client.seesTheEnd())
    }
}
