/// Why text cannot be sent as a header field value as it is.
package enum HTTPFieldValueError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A control character (CR, LF, NUL, DEL...) at a 1-based character position: it would end the
    /// field early or corrupt the message.
    case controlCharacter(Unicode.Scalar, position: Int)
    /// SP or HTAB at the start or the end, which the recipient strips (RFC 9110 §5.5).
    case surroundingWhitespace

    /// What is wrong, in words a user can act on, e.g. `has a line feed (LF) at character 12`.
    package var description: String {
        switch self {
        case .controlCharacter(let scalar, let position):
            "has \(Self.name(of: scalar)) at character \(position)"
        case .surroundingWhitespace:
            "starts or ends with a space or tab"
        }
    }

    private static func name(of scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\r": "a carriage return (CR)"
        case "\n": "a line feed (LF)"
        case "\0": "a NUL byte"
        default:
            // Control characters are ASCII, so two hex digits at most.
            "the control character U+00" + (scalar.value < 0x10 ? "0" : "")
                + String(scalar.value, radix: 16, uppercase: true)
        }
    }
}
