import LabAPI
import LabEventLoop
import LabWire

/// The resources of an API request while it is held: its call, its format, its timers and, for a stream, the
/// events still to send. Where the request stands is the connection's `StateMachine`'s to say.
struct HeldRequest {
    /// The request as the formats see it.
    let call: APICall
    /// The request's API.
    let format: any APIFormat
    /// The stream, for a stream request to an API that streams; nil for a JSON answer.
    var stream: EventStream?
    /// Fires when the hold ends.
    var holdTimer: TimerID?
    /// Fires when the next content token is due, while tokens flow.
    var tokenTimer: TimerID?

    /// The head of a streamed answer: chunked, as real servers send server-sent events.
    func streamHead(closing: Bool) -> [UInt8] {
        var headers = HTTPHeaders([
            ("Content-Type", "text/event-stream; charset=utf-8"), ("Cache-Control", "no-cache"),
            ("Transfer-Encoding", "chunked"),
        ])
        if closing { headers.add(name: "Connection", value: "close") }
        return HTTPResponseHead(version: .http1_1, status: .ok, headers: headers).serialized()
    }

    /// The non-streaming answer after a hold of `heldSeconds`.
    func answer(heldSeconds: Double, closing: Bool) -> HTTPResponse {
        let body = format.answerBody(to: call, text: AnswerText.held(seconds: heldSeconds))
        var headers = HTTPHeaders([("Content-Type", body.contentType)])
        if closing { headers.add(name: "Connection", value: "close") }
        return HTTPResponse(status: .ok, headers: headers, body: body.bytes)
    }

    /// Cancels whichever timers are still armed.
    func cancelTimers(on loop: EventLoop) {
        if let holdTimer { loop.cancel(holdTimer) }
        if let tokenTimer { loop.cancel(tokenTimer) }
    }
}
