import Testing

@testable import LabWire

@Suite struct WebSocketFrameTests {
    private let key: [UInt8] = [0x37, 0xfa, 0x21, 0x3d]

    private func roundTrip(_ frame: WebSocketFrame, masked: Bool) throws -> WebSocketFrame? {
        var reader = WebSocketFrameReader(peerMasks: masked)
        reader.feed(frame.encoded(maskingKey: masked ? key : nil))
        return try reader.next()
    }

    @Test func masksTheExampleOfTheRFC() {
        // RFC 6455 §5.7: a masked "Hello" from a client.
        #expect(
            WebSocketFrame.text("Hello").encoded(maskingKey: key)
                == [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58])
        #expect(WebSocketFrame.text("Hello").encoded(maskingKey: nil) == [0x81, 0x05] + Array("Hello".utf8))
    }

    @Test(arguments: [0, 125, 126, 65535, 65536])
    func encodesEachLengthInItsShortestFormAndReadsItBack(length: Int) throws {
        let frame = WebSocketFrame(
            opcode: .binary, payload: (0..<length).map { UInt8(truncatingIfNeeded: $0) })
        let bytes = frame.encoded(maskingKey: nil)
        let header = length <= 125 ? 2 : length <= 65535 ? 4 : 10
        #expect(bytes.count == header + length)
        #expect(bytes[1] == (length <= 125 ? UInt8(length) : length <= 65535 ? 126 : 127))
        #expect(try roundTrip(frame, masked: false) == frame)
        #expect(try roundTrip(frame, masked: true) == frame)
    }

    @Test func readsFramesSplitAnywhere() throws {
        let frames = [WebSocketFrame.text("one"), .close(code: 1000, reason: "bye")]
        let bytes = frames.flatMap { $0.encoded(maskingKey: key) }
        var reader = WebSocketFrameReader(peerMasks: true)
        var read: [WebSocketFrame] = []
        for byte in bytes {
            reader.feed([byte])
            while let frame = try reader.next() { read.append(frame) }
        }
        #expect(read == frames)
        #expect(read.last?.closeCode == 1000)
    }

    @Test func closeFramesCarryAnOptionalCode() throws {
        #expect(try roundTrip(.close(code: nil), masked: true)?.closeCode == nil)
        #expect(try roundTrip(.close(code: 1001, reason: "going away"), masked: false)?.closeCode == 1001)
    }

    @Test(arguments: [
        ([0x01, 0x80, 0, 0, 0, 0] as [UInt8], WebSocketFrameError.fragmented),  // not final
        ([0x80, 0x80, 0, 0, 0, 0], .fragmented),  // a continuation
        ([0xC1, 0x80, 0, 0, 0, 0], .reservedBits),
        ([0x83, 0x80, 0, 0, 0, 0], .unknownOpcode(3)),
        ([0x81, 0x00], .wrongMasking),  // a client's frame must be masked
        ([0x89, 0xFE, 0x00, 0x7E], .controlFrameTooLong),
        ([0x82, 0xFE, 0x00, 0x05], .invalidLength),  // 5 in the 16-bit form
        ([0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0], .invalidLength),  // the 64-bit form's top bit
        ([0x88, 0x81, 0, 0, 0, 0, 0x03], .invalidClose),  // a one-byte close payload
        ([0x88, 0x82, 0, 0, 0, 0, 0x03, 0xED], .invalidClose),  // 1005 may not be sent
    ])
    func refusesInvalidFramesForGood(bytes: [UInt8], error: WebSocketFrameError) {
        var reader = WebSocketFrameReader(peerMasks: true)
        reader.feed(bytes)
        #expect(throws: error) { try reader.next() }
        #expect(throws: error) { try reader.next() }
    }

    @Test func refusesAMaskedFrameFromAServerAndAPayloadOverTheLimit() {
        var client = WebSocketFrameReader(peerMasks: false)
        client.feed(WebSocketFrame.text("x").encoded(maskingKey: key))
        #expect(throws: WebSocketFrameError.wrongMasking) { try client.next() }
        var small = WebSocketFrameReader(peerMasks: false, maxPayloadBytes: 4)
        small.feed(WebSocketFrame.text("hello").encoded(maskingKey: nil))
        #expect(throws: WebSocketFrameError.payloadTooLarge) { try small.next() }
    }
}
