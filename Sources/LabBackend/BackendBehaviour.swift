/// What the model server has done when it stalls a streaming request (`--behaviour`), or `answer` for no stall.
///
/// A stream follows a model server's timeline (`FakeBackend.Configuration.StreamTimeline`): the response head
/// and the API's opening events at once, the first content token after the time to first token, then one
/// token per token interval, then the closing events. Each stall point stops that timeline somewhere and holds
/// the request until the hold ends (then the rest of the stream goes out at once) or the peer hangs up.
/// Non-streaming requests are held for the whole hold, then answered, under every behaviour.
public enum BackendBehaviour: String, CaseIterable, Sendable {
    /// No stall: the whole timeline, up to the answer's last token and the closing events.
    case answer
    /// Nothing at all, not even the response head: the request waits in the model server's queue.
    case queued
    /// The response head (200, `text/event-stream`) only, no event.
    case head
    /// The head and the API's opening events (chat's role chunk, `message_start`...), no content token.
    case opening
    /// The opening, then the first content token after the time to first token, then silence.
    case firstToken = "first-token"
    /// The opening, then content tokens one per token interval for as long as the hold lasts.
    case midStream = "mid-stream"
}
