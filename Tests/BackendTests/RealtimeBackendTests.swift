import Foundation
@testable import LabAPI
@testable import LabBackend
@testable import LabCore
import LabLoad
@testable import LabRecords
@testable import LabWire
import Testing

import LabTestSupport

/// A realtime client on a loopback socket: its upgrade's key, and the server's frames as they come.
private struct RealtimePeer {
    let client: LoopbackClient
    let key = WebSocketHandshake.newKey()
    var frames = WebSocketFrameReader(peerMasks: false)

    init(_ backend: TestBackend) throws {
        client = try LoopbackClient(port: backend.port)
    }

    /// Sends the upgrade and reads the answer's head; the bytes after it go to `frames`.
    mutating func open(target: String = "/v1/realtime?model=gpt-4o-realtime-preview") throws
        -> HTTPResponseHead
    {
        client.send(WebSocketHandshake.request(target: target, host: "test", key: key).serialized())
        var parser = HTTPResponseParser()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(client.descriptor, &buffer, buffer.count, 0)
            guard count > 0 else { throw SystemError("recv") }
            parser.feed(buffer.prefix(count))
            if case .head(let head)? = parser.next() {
                frames.feed(parser.takeBytesAfterSwitch())
                return head
            }
        }
    }

    /// The server's next frame.
    mutating func nextFrame() throws -> WebSocketFrame {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            if let frame = try frames.next() { return frame }
            let count = recv(client.descriptor, &buffer, buffer.count, 0)
            guard count > 0 else { throw SystemError("recv") }
            frames.feed(buffer.prefix(count))
        }
    }

    func send(_ frame: WebSocketFrame) {
        client.send(frame.encoded(maskingKey: WebSocketFrame.newMaskingKey()))
    }
}

@Suite struct RealtimeBackendTests {
    @Test func acceptsTheUpgradeSendsSessionCreatedAndHoldsTheSessionAsARequest() throws {
        let backend = try TestBackend()
        var peer = try RealtimePeer(backend)
        let head = try peer.open()
        #expect(WebSocketHandshake.accepts(head, key: peer.key))
        let first = try peer.nextFrame()
        #expect(first.opcode == .text)
        #expect(String(decoding: first.payload, as: UTF8.self).contains(#""type":"session.created""#))
        #expect(String(decoding: first.payload, as: UTF8.self).contains("gpt-4o-realtime-preview"))
        #expect(try backend.reaches { $0.active == 1 && $0.started == 1 })
        #expect(peer.client.isOpenAndSilent)
    }

    @Test func releasesTheSessionTheMomentThePeerHangsUp() throws {
        let backend = try TestBackend()
        var peer = try RealtimePeer(backend)
        _ = try peer.open()
        #expect(try backend.reaches { $0.active == 1 })
        peer.client.close()
        #expect(try backend.reaches { $0.active == 0 && $0.clientClosed == 1 })
    }

    @Test func answersAPeersCloseFrameWithOneAndCountsTheSessionClosedByItsClient() throws {
        let backend = try TestBackend()
        var peer = try RealtimePeer(backend)
        _ = try peer.open()
        _ = try peer.nextFrame()
        peer.send(.close(code: 1000))
        #expect(try peer.nextFrame().closeCode == 1000)
        #expect(peer.client.seesTheEnd())
        #expect(try backend.reaches { $0.active == 0 && $0.clientClosed == 1 })
    }

    @Test func endsTheSessionWithACloseFrameWhenTheHoldEnds() throws {
        let backend = try TestBackend(hold: .milliseconds(50))
        var peer = try RealtimePeer(backend)
        _ = try peer.open()
        _ = try peer.nextFrame()
        #expect(try peer.nextFrame().closeCode == 1000)
        #expect(try backend.reaches { $0.active == 0 && $0.completed == 1 })
    }

    @Test func aMessageCarryingATokenMarksTheSessionsArrival() throws {
        let backend = try TestBackend()
        var peer = try RealtimePeer(backend)
        _ = try peer.open()
        peer.send(.text(RealtimeEvents.userMessage(ArrivalToken.prompt(carrying: "ws-1"))))
        peer.send(WebSocketFrame(opcode: .ping, payload: [7]))
        #expect(try peer.nextFrame().opcode == .text)
        #expect(try peer.nextFrame() == WebSocketFrame(opcode: .pong, payload: [7]))
        let response = try HTTPFetch.get(backend.base.appending(path: "/arrivals?token=ws-1&wait=600"))
        let answer = try JSONCoding.decode(ArrivalAnswer.self, from: Data(response.body))
        let record = try #require(try backend.records().first)
        #expect(answer == ArrivalAnswer(token: "ws-1", arrived: true, id: 1, arrivedAt: record.startedAt))
    }

    @Test func anUnmaskedFrameFailsTheSessionWithAProtocolError() throws {
        let backend = try TestBackend()
        var peer = try RealtimePeer(backend)
        _ = try peer.open()
        _ = try peer.nextFrame()
        peer.client.send(WebSocketFrame.text("x").encoded(maskingKey: nil))
        #expect(try peer.nextFrame().closeCode == 1002)
        #expect(try backend.reaches { $0.active == 0 && $0.clientClosed == 1 })
    }

    @Test func refusesAnUpgradeWithoutAKeyAndAPost() throws {
        let backend = try TestBackend()
        let client = try LoopbackClient(port: backend.port)
        client.send(
            "GET /v1/realtime HTTP/1.1\r\nHost: test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
        #expect(client.statusBeforeClose().status == 400)
        let post = try LoopbackClient(port: backend.port)
        post.send("POST /v1/realtime HTTP/1.1\r\nHost: test\r\nContent-Length: 0\r\n\r\n")
        #expect(post.statusBeforeClose().status == 405)
        #expect(try backend.stats().started == 0)
    }
}
