/// The mark that lets a load client learn when *its* request reached the backend through a proxy.
///
/// A proxy forwards a prompt unchanged, whatever the API (as `SlotProbePrompt` relies on), but not the
/// client's headers: so the client writes a token unique to the request into its prompt, after this
/// marker, and the backend reads it back out of the body it receives, records it with the request's
/// arrival, and answers `GET /arrivals?token=T` when that request arrives.
///
/// ```swift
/// let prompt = ArrivalToken.prompt(carrying: "5f3a9c01-7")   // "Hello! (litellm-leak-lab arrival 5f3a9c01-7)"
/// ArrivalToken.carried(by: Array(prompt.utf8))                // "5f3a9c01-7"
/// ```
package enum ArrivalToken {
    /// What precedes the token in the prompt: plain ASCII that no JSON or form encoding changes.
    package static let marker = "litellm-leak-lab arrival "
    /// The longest token read back: a token is at most this many of `[A-Za-z0-9-]`.
    package static let maxLength = 64

    private static let markerBytes = Array(marker.utf8)

    /// The prompt a request marked with `token` asks; `token` must be `isValid`.
    package static func prompt(carrying token: String) -> String {
        "Hello! (\(marker)\(token))"
    }

    /// Whether `token` can be carried and read back: 1 to `maxLength` letters, digits or dashes.
    package static func isValid(_ token: some StringProtocol) -> Bool {
        !token.isEmpty && token.utf8.count <= maxLength && token.utf8.allSatisfy(isTokenByte)
    }

    /// The token the request body `body` carries after the marker (its first), or nil when it carries none.
    package static func carried(by body: [UInt8]) -> String? {
        guard let first = markerBytes.first, body.count > markerBytes.count else { return nil }
        var start = 0
        while let found = body[start...].firstIndex(of: first), found + markerBytes.count < body.count {
            let tokenStart = found + markerBytes.count
            if body[found..<tokenStart].elementsEqual(markerBytes) {
                let token = body[tokenStart...].prefix(maxLength + 1).prefix(while: isTokenByte)
                if !token.isEmpty && token.count <= maxLength {
                    return String(decoding: token, as: UTF8.self)
                }
            }
            start = found + 1
        }
        return nil
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
            true
        default: false
        }
    }
}
