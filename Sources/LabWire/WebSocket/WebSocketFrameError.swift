/// Why a websocket peer's bytes are not an acceptable frame; the connection must be failed (RFC 6455 §7.1.7).
package enum WebSocketFrameError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A reserved bit is set, and no extension was negotiated that defines it.
    case reservedBits
    /// The opcode is one RFC 6455 reserves.
    case unknownOpcode(UInt8)
    /// A frame that is not final, or a continuation frame: the lab's peers send each message whole.
    case fragmented
    /// A control frame longer than 125 bytes.
    case controlFrameTooLong
    /// A client frame without a mask, or a server frame with one.
    case wrongMasking
    /// A length in a longer encoding than it needs, or with the 64-bit form's top bit set.
    case invalidLength
    /// A payload longer than the reader accepts.
    case payloadTooLarge
    /// A close frame whose payload is one byte, or whose code may not be sent.
    case invalidClose

    package var description: String {
        switch self {
        case .reservedBits: "a reserved bit is set"
        case .unknownOpcode(let code): "unknown opcode \(code)"
        case .fragmented: "a fragmented message"
        case .controlFrameTooLong: "a control frame over 125 bytes"
        case .wrongMasking: "the frame's masking is wrong for its sender"
        case .invalidLength: "a length not in its shortest encoding"
        case .payloadTooLarge: "a payload over the limit"
        case .invalidClose: "an invalid close frame"
        }
    }
}
