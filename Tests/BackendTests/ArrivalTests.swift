import Foundation
@testable import LabAPI
@testable import LabBackend
@testable import LabCore
import LabLoad
@testable import LabRecords
@testable import LabWire
import Testing

import LabTestSupport

/// A chat request whose prompt carries arrival token `token`.
func arrivalRequest(token: String) -> String {
    let body = ChatCompletionsFormat().requestBody(
        model: "gpt-4o", stream: false, prompt: ArrivalToken.prompt(carrying: token)
    )
    .serialized
    return "POST /v1/chat/completions HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
}

@Suite struct ArrivalTokenTests {
    @Test(arguments: APIEndpoint.allCases)
    func everyAPIsBodyCarriesTheTokenOfItsPrompt(endpoint: APIEndpoint) {
        let payload = endpoint.format.requestPayload(
            model: endpoint.defaultModel, stream: false, prompt: ArrivalToken.prompt(carrying: "3fa9c0-12"))
        #expect(ArrivalToken.carried(by: payload.bytes) == "3fa9c0-12")
    }

    @Test func aBodyWithoutTheMarkerCarriesNoToken() {
        let body = ChatCompletionsFormat().requestBody(model: "gpt-4o", stream: false).bytes
        #expect(ArrivalToken.carried(by: body) == nil)
        #expect(ArrivalToken.carried(by: Array("litellm-leak-lab arrival ".utf8)) == nil)
    }

    @Test func onlyLettersDigitsAndDashesUpToTheLimitAreTokens() {
        #expect(ArrivalToken.isValid("a-Z-09"))
        #expect(!ArrivalToken.isValid(""))
        #expect(!ArrivalToken.isValid("a b"))
        #expect(!ArrivalToken.isValid("a&wait=1"))
        #expect(!ArrivalToken.isValid(String(repeating: "a", count: ArrivalToken.maxLength + 1)))
    }
}

@Suite struct ArrivalLedgerTests {
    @Test func theFirstRequestCarryingATokenIsItsArrivalNotARetryOfIt() {
        var ledger = RequestLedger()
        #expect(ledger.arrival(of: "t-1") == nil)
        _ = ledger.start(method: "POST", path: "/v1/chat/completions", at: 1)
        let first = ledger.start(method: "POST", path: "/v1/chat/completions", at: 2, arrivalToken: "t-1")
        _ = ledger.start(method: "POST", path: "/v1/chat/completions", at: 3, arrivalToken: "t-1")
        let arrival = ledger.arrival(of: "t-1")
        #expect(arrival?.id == first && arrival?.startedAt == 2 && arrival?.arrivalToken == "t-1")
        #expect(ledger.arrival(of: "t-2") == nil)
    }
}

@Suite struct ArrivalStateMachineTests {
    private func reading() -> BackendConnection.StateMachine {
        BackendConnection.StateMachine(FakeBackend.Configuration())
    }

    @Test func anArrivalWaitSendsNothingUntilAnsweredThenWritesAndKeepsTheConnection() {
        var machine = reading()
        #expect(machine.arrivalWaitParsed(keepAlive: true) == .none)
        #expect(machine.bytesRead(10) == .buffer)
        #expect(machine.writeDrained() == .none)
        #expect(machine.arrivalAnswered() == .respond(closeAfterWrite: false))
        #expect(machine.writeDrained() == .parseBuffered)
        #expect(machine.isReading)
    }

    @Test func aPeerLeavingWhileItWaitsClosesTheConnectionAndCountsNothing() {
        var machine = reading()
        _ = machine.arrivalWaitParsed(keepAlive: false)
        #expect(machine.peerClosed() == .close)
        #expect(machine.isClosed)
    }
}

@Suite struct BackendArrivalTests {
    private func arrival(_ backend: TestBackend, token: String, wait: Double) throws -> ArrivalAnswer {
        let response = try HTTPFetch.get(
            backend.base.appending(path: "/arrivals?token=\(token)&wait=\(wait)"), timeout: .seconds(60))
        #expect(response.head.status.code == 200)
        return try JSONCoding.decode(ArrivalAnswer.self, from: Data(response.body))
    }

    @Test func recordsTheTokenWithTheArrivalAndAnswersAtOnceOnceItArrived() throws {
        let backend = try TestBackend()
        let client = try LoopbackClient(port: backend.port)
        client.send(arrivalRequest(token: "run1-1"))
        #expect(try backend.reaches { $0.active == 1 })

        let record = try #require(try backend.records().first)
        #expect(record.arrivalToken == "run1-1")
        let answer = try arrival(backend, token: "run1-1", wait: 600)
        #expect(
            answer
                == ArrivalAnswer(token: "run1-1", arrived: true, id: record.id, arrivedAt: record.startedAt))
        // Asking counts nothing: arrivals are no API requests.
        #expect(try backend.stats().started == 1)
    }

    @Test func answersAWaitingAskWhenTheRequestArrives() throws {
        let backend = try TestBackend()
        let asking = try LoopbackClient(port: backend.port)
        asking.send("GET /arrivals?token=late-1&wait=600 HTTP/1.1\r\nHost: test\r\n\r\n")
        let api = try LoopbackClient(port: backend.port)
        api.send(arrivalRequest(token: "late-1"))

        let response = try #require(try asking.readResponses(1).first)
        let answer = try JSONCoding.decode(ArrivalAnswer.self, from: Data(response.body))
        let record = try #require(try backend.records().first)
        #expect(
            answer
                == ArrivalAnswer(token: "late-1", arrived: true, id: record.id, arrivedAt: record.startedAt))
    }

    @Test func saysNotArrivedWhenTheWaitEndsFirst() throws {
        let backend = try TestBackend()
        let client = try LoopbackClient(port: backend.port)
        client.send(arrivalRequest(token: "other-1"))
        #expect(try backend.reaches { $0.active == 1 })
        #expect(
            try arrival(backend, token: "never-1", wait: 0.05)
                == ArrivalAnswer(token: "never-1", arrived: false))
    }

    @Test(arguments: [
        "/arrivals", "/arrivals?token=", "/arrivals?token=a%20b", "/arrivals?token=a&wait=-1",
        "/arrivals?token=a&wait=601", "/arrivals?token=a&wait=soon",
    ])
    func refusesAMissingOrMalformedTokenOrWait(target: String) throws {
        let backend = try TestBackend()
        let response = try HTTPFetch.get(backend.base.appending(path: target))
        #expect(response.head.status.code == 400)
    }

    @Test func anAskerThatLeavesIsForgottenAndTheBackendGoesOn() throws {
        let backend = try TestBackend()
        let asking = try LoopbackClient(port: backend.port)
        asking.send("GET /arrivals?token=gone-1&wait=600 HTTP/1.1\r\nHost: test\r\n\r\n")
        asking.close()
        let api = try LoopbackClient(port: backend.port)
        api.send(arrivalRequest(token: "gone-1"))
        #expect(try backend.reaches { $0.active == 1 })
        #expect(try arrival(backend, token: "gone-1", wait: 0).arrived)
    }
}
