import LabAPI
import LabEventLoop
import LabWire

/// An API request while it is held: its call, its format, its timers and, for a stream, where the stream stands.
struct HeldRequest {
    /// The request as the formats see it.
    let call: APICall
    /// The request's API.
    let format: any APIFormat
    /// Whether the client keeps the connection for another request after the answer.
    let keepAlive: Bool
    /// Fires when the hold ends.
    let holdTimer: TimerID
    /// The stream, for a stream request to an API that streams; nil for a JSON answer.
    var stream: EventStream?
    /// The next content token's timer and its deadline (monotonic nanoseconds), while tokens flow.
    var tick: (timer: TimerID, deadline: UInt64)?

    /// The head of a streamed answer: chunked, as real servers send server-sent events.
    var streamHead: [UInt8] {
        var headers = HTTPHeaders([
            ("Content-Type", "text/event-stream; charset=utf-8"), ("Cache-Control", "no-cache"),
            ("Transfer-Encoding", "chunked"),
        ])
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        return HTTPResponseHead(version: .http1_1, status: .ok, headers: headers).serialized()
    }

    /// The non-streaming answer after a hold of `heldSeconds`.
    func answer(heldSeconds: Double) -> HTTPResponse {
        var headers = HTTPHeaders([("Content-Type", "application/json")])
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let body = format.answer(to: call, text: AnswerText.held(seconds: heldSeconds))
        return HTTPResponse(status: .ok, headers: headers, body: body.bytes)
    }

    /// Cancels whichever timers are still armed.
    func cancelTimers(on loop: EventLoop) {
        loop.cancel(holdTimer)
        if let tick { loop.cancel(tick.timer) }
    }
}
