/// What the backend does on the wire while it holds a streaming request (`--behaviour`).
///
/// Non-streaming requests are held and then answered under every behaviour.
public enum BackendBehaviour: String, CaseIterable, Sendable {
    /// Nothing until the hold ends, then the whole answer (a stream all at once): the original reproduction.
    case answer
    /// Nothing at all, not even the response head, until the hold ends; then the whole stream.
    ///
    /// Identical to `answer` on the wire: a model server that queues a stream before its first token.
    case silent
    /// The response head at once (200, `text/event-stream`), then silence until the hold ends.
    case headers
    /// The head and the stream's first event at once, then silence until the hold ends.
    case oneChunk = "one-chunk"
    /// The head at once, then one event every trickle interval until the hold ends, then the closing events.
    case trickle
}
