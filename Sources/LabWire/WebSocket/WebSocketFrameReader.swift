/// Incremental, strict reader of the websocket frames one peer sends (RFC 6455 §5.2), fed bytes as they
/// arrive and split anywhere.
///
/// A failure is sticky: after one, every call throws it again, since the next frame's start is unknown.
///
/// ```swift
/// var reader = WebSocketFrameReader(peerMasks: true)   // a server reading its client
/// reader.feed(bytes)
/// while let frame = try reader.next() { … }
/// ```
package struct WebSocketFrameReader: Sendable {
    private var buffer: [UInt8] = []
    private var failure: WebSocketFrameError?
    /// Whether the peer must mask its frames: a client must, a server must not.
    private let peerMasks: Bool
    private let maxPayloadBytes: Int

    /// A reader of a peer that masks its frames (`peerMasks`, a client) or not (a server), accepting
    /// payloads up to `maxPayloadBytes` (default 1 MiB, far above a realtime event).
    package init(peerMasks: Bool, maxPayloadBytes: Int = 1 << 20) {
        self.peerMasks = peerMasks
        self.maxPayloadBytes = maxPayloadBytes
    }

    /// Appends bytes as they arrive.
    package mutating func feed(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next whole frame, unmasked; nil when more bytes are needed.
    package mutating func next() throws(WebSocketFrameError) -> WebSocketFrame? {
        if let failure { throw failure }
        do throws(WebSocketFrameError) {
            return try read()
        } catch {
            failure = error
            throw error
        }
    }

    private mutating func read() throws(WebSocketFrameError) -> WebSocketFrame? {
        guard buffer.count >= 2 else { return nil }
        let first = buffer[0]
        let second = buffer[1]
        guard first & 0x70 == 0 else { throw .reservedBits }
        guard let opcode = WebSocketFrame.Opcode(rawValue: first & 0x0f) else {
            throw .unknownOpcode(first & 0x0f)
        }
        guard first & 0x80 != 0, opcode != .continuation else { throw .fragmented }
        guard (second & 0x80 != 0) == peerMasks else { throw .wrongMasking }
        guard let (length, lengthBytes) = try Self.length(of: buffer, second: second) else { return nil }
        if opcode.isControl, length > 125 { throw .controlFrameTooLong }
        guard length <= maxPayloadBytes else { throw .payloadTooLarge }
        let maskStart = 2 + lengthBytes
        let payloadStart = maskStart + (peerMasks ? 4 : 0)
        guard buffer.count >= payloadStart + length else { return nil }
        let body = buffer[payloadStart..<payloadStart + length]
        let payload =
            peerMasks
            ? WebSocketFrame.masked(body, with: Array(buffer[maskStart..<payloadStart])) : Array(body)
        buffer.removeFirst(payloadStart + length)
        let frame = WebSocketFrame(opcode: opcode, payload: payload)
        if opcode == .close { try Self.validateClose(frame) }
        return frame
    }

    /// The payload length and how many extra bytes encode it; nil when those bytes have not all arrived.
    private static func length(of buffer: [UInt8], second: UInt8) throws(WebSocketFrameError) -> (Int, Int)? {
        let short = Int(second & 0x7f)
        let extra = short == 126 ? 2 : short == 127 ? 8 : 0
        guard buffer.count >= 2 + extra else { return nil }
        guard extra > 0 else { return (short, 0) }
        let value = buffer[2..<2 + extra].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        // RFC 6455 §5.2: the minimal number of bytes must be used, and the 64-bit form's top bit is 0.
        guard value >> 63 == 0, extra == 2 ? value > 125 : value > 0xffff, value <= UInt64(Int.max) else {
            throw .invalidLength
        }
        return (Int(value), extra)
    }

    /// A close payload is empty or a code (with an optional reason); codes 1004-1006, 1015 and those
    /// below 1000 may not be sent (RFC 6455 §7.4).
    private static func validateClose(_ frame: WebSocketFrame) throws(WebSocketFrameError) {
        guard frame.payload.count != 1 else { throw .invalidClose }
        guard let code = frame.closeCode else { return }
        guard code >= 1000, ![1004, 1005, 1006, 1015].contains(code), code < 5000 else { throw .invalidClose }
    }
}
