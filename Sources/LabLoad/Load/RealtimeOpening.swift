/// What a realtime (websocket) request of the load sends: the upgrade request, the key its answer must
/// accept, and the one message it sends once the socket is open.
package struct RealtimeOpening: Sendable {
    /// The HTTP upgrade request's bytes.
    package let upgrade: [UInt8]
    /// Its `Sec-WebSocket-Key`, which the 101 answer's `Sec-WebSocket-Accept` must match.
    package let key: String
    /// The message frame, masked, sent once the socket is open (it carries the arrival token).
    package let message: [UInt8]
}
