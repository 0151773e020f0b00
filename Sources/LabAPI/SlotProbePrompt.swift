/// What a slot probe asks: the prompt of the new user the lab sends after the abandoned requests.
///
/// A proxy forwards a prompt unchanged, whatever the API (a chat or Anthropic message, a completion's prompt,
/// an embedding's or a response's input), so the backend recognises the probe by this text anywhere in the
/// body it receives, and serves it as soon as it has a slot instead of holding it: the probe's wait is then
/// exactly its wait for a slot.
package enum SlotProbePrompt {
    /// The prompt; plain ASCII with nothing JSON escapes, so it reads the same in every body that carries it.
    package static let text = "litellm-leak-lab slot probe: a new user asks for a slot"

    private static let bytes = Array(text.utf8)

    /// Whether the request body `body` carries the probe's prompt.
    package static func isCarried(by body: [UInt8]) -> Bool {
        guard body.count >= bytes.count, let first = bytes.first else { return false }
        var start = 0
        while let found = body[start...].firstIndex(of: first), found + bytes.count <= body.count {
            if body[found..<found + bytes.count].elementsEqual(bytes) { return true }
            start = found + 1
        }
        return false
    }
}
