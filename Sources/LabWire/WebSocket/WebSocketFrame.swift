/// One websocket frame (RFC 6455 §5.2): an opcode and its payload, encoded masked (client to server) or
/// not (server to client).
///
/// The lab's peers send every message in one frame, so a frame here is always final: a fragmented frame
/// is refused by ``WebSocketFrameReader``.
///
/// ```swift
/// WebSocketFrame.text(#"{"type":"session.created"}"#).encoded(maskingKey: nil)
/// ```
package struct WebSocketFrame: Sendable, Equatable {
    /// What the frame carries (RFC 6455 §5.2, §11.8).
    package enum Opcode: UInt8, Sendable {
        case continuation = 0x0
        case text = 0x1
        case binary = 0x2
        case close = 0x8
        case ping = 0x9
        case pong = 0xA

        /// Whether it is a control frame: at most 125 bytes, never fragmented (RFC 6455 §5.5).
        package var isControl: Bool { rawValue & 0x8 != 0 }
    }

    /// The frame's opcode.
    package var opcode: Opcode
    /// The unmasked payload.
    package var payload: [UInt8]

    /// A frame from its parts.
    package init(opcode: Opcode, payload: [UInt8]) {
        self.opcode = opcode
        self.payload = payload
    }

    /// A text frame carrying `text` in UTF-8.
    package static func text(_ text: String) -> WebSocketFrame {
        WebSocketFrame(opcode: .text, payload: Array(text.utf8))
    }

    /// A close frame with `code` and `reason` (RFC 6455 §5.5.1); nil sends no status, as a close may.
    package static func close(code: UInt16?, reason: String = "") -> WebSocketFrame {
        guard let code else { return WebSocketFrame(opcode: .close, payload: []) }
        return WebSocketFrame(
            opcode: .close, payload: [UInt8(code >> 8), UInt8(code & 0xff)] + Array(reason.utf8).prefix(123))
    }

    /// The status code of a close frame that carries one.
    package var closeCode: UInt16? {
        guard opcode == .close, payload.count >= 2 else { return nil }
        return UInt16(payload[0]) << 8 | UInt16(payload[1])
    }

    /// The frame on the wire, final, its payload masked with the 4-byte `maskingKey` when given (a client
    /// must mask every frame it sends; a server must mask none, RFC 6455 §5.1).
    package func encoded(maskingKey: [UInt8]?) -> [UInt8] {
        precondition(maskingKey.map { $0.count == 4 } ?? true, "a websocket masking key has 4 bytes")
        var bytes: [UInt8] = [0x80 | opcode.rawValue]
        let maskBit: UInt8 = maskingKey == nil ? 0 : 0x80
        switch payload.count {
        case 0...125:
            bytes.append(maskBit | UInt8(payload.count))
        case 126...0xffff:
            bytes.append(maskBit | 126)
            bytes += [UInt8(payload.count >> 8), UInt8(payload.count & 0xff)]
        default:
            bytes.append(maskBit | 127)
            bytes += (0..<8).reversed().map { UInt8(truncatingIfNeeded: UInt64(payload.count) >> ($0 * 8)) }
        }
        guard let maskingKey else { return bytes + payload }
        return bytes + maskingKey + Self.masked(payload[...], with: maskingKey)
    }

    /// A fresh masking key: 4 random bytes, as RFC 6455 §5.3 asks of every client frame.
    package static func newMaskingKey() -> [UInt8] {
        (0..<4).map { _ in UInt8.random(in: 0...255) }
    }

    /// `payload` XOR the key, byte by byte (RFC 6455 §5.3): masking and unmasking are the same operation.
    static func masked(_ payload: ArraySlice<UInt8>, with key: [UInt8]) -> [UInt8] {
        payload.enumerated().map { index, byte in byte ^ key[index % 4] }
    }
}
