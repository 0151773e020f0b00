import LabCore

extension BackendConnection {
    /// All of one connection's protocol state as a pure value: every input is a `mutating func` returning the
    /// `Action` the connection performs.
    ///
    /// Reading → Holding (an API request) → Writing → Reading (keep-alive) or Closed; a control request or a
    /// refusal goes from Reading straight to Writing. With slots, an API request that finds none free waits in
    /// Queued (nothing sent) until it is given one, then Holding; a hang-up while Queued abandons it too. A slot
    /// probe, and a run's create or poll, are held for no time: answered as soon as they hold a slot. While Holding, a stream goes along its timeline as far as
    /// its `HoldPlan` says (head, opening events, one content token per tick), then stalls, or completes
    /// (Writing) after its last token. A hang-up while Holding is the event the whole lab exists to observe.
    /// A `GET /arrivals` waits in AwaitingArrival until its request arrives or its wait ends, then Writing.
    /// A websocket upgrade goes from Reading to WebSocket, held as an API request is; a close frame, a bad
    /// frame or the hold's end send the closing frame (Writing, then Closed), a hang-up releases it at once.
    ///
    /// The connection keeps only resources: the socket, the parser's buffer, the bytes queued for the peer and
    /// the timers' handles. Time comes in as `now` and goes out as deadlines (monotonic nanoseconds), so the
    /// timeline is tested by stepping a clock by hand. An input only a bug in the connection can produce (a
    /// request while not reading, a timer that should have been cancelled) stops the process with a message; a
    /// peer's doings (bytes or a hang-up at any moment, even after the close) never do.
    struct StateMachine: Equatable {
        enum State: Equatable {
            /// Parsing requests as their bytes arrive.
            case reading
            /// An API request waits for a slot: nothing is sent until it has one.
            case queued(Waiting)
            /// An API request is held.
            case holding(Hold)
            /// A `GET /arrivals` waits for its API request to arrive (on another connection): nothing is sent
            /// until it has, or the wait ends.
            case awaitingArrival(Afterwards)
            /// A websocket session is open and held (request `requestID`): bytes are frames from now on.
            case websocket(requestID: Int)
            /// A response is going out.
            case writing(Afterwards)
            /// Closed or closing: nothing more happens.
            case closed
        }

        /// A held request: how far its stream went and what follows its answer.
        struct Hold: Equatable {
            let requestID: Int
            let plan: HoldPlan
            /// Content tokens sent so far.
            var tokensSent = 0
            /// When the next content token is due; nil when none comes before the hold ends.
            var nextTokenAt: UInt64?
            var afterwards: Afterwards
        }

        /// An API request waiting for a slot, and what it becomes once it has one.
        struct Waiting: Equatable {
            let requestID: Int
            let stream: Bool
            let atOnce: Bool
            var afterwards: Afterwards
        }

        /// What follows the response under way: the bytes read behind it, and whether the connection closes.
        struct Afterwards: Equatable {
            /// Whether the connection closes once the response is written: the client asked for it, the request
            /// was refused, or input behind it was dropped.
            var closes: Bool
            /// Bytes read behind the response, kept unparsed until it is written.
            var bufferedInput = 0

            /// Buffers `count` more bytes while they fit `limit`; past it they are dropped, and then so is the
            /// connection after the response, since the requests they belonged to can never be parsed.
            mutating func admit(_ count: Int, limit: Int) -> Input {
                guard !closes else { return .drop }
                guard bufferedInput + count <= limit else {
                    closes = true
                    return .drop
                }
                bufferedInput += count
                return .buffer
            }
        }

        /// What the connection does with bytes it just read.
        enum Input: Equatable {
            /// Feed them to the parser and parse: requests are read as they arrive.
            case parse
            /// Feed them to the parser without parsing: they wait behind the response under way.
            case buffer
            /// Drop them: the connection closes after the response under way, so they would never be parsed.
            case drop
            /// Feed them to the websocket frame reader.
            case frames
        }

        /// What the connection must do next.
        enum Action: Equatable {
            /// Nothing.
            case none
            /// Arm the hold's timer for `holdEndsAt`, send at once what `send` says (a head that closes the
            /// connection when `closeAfterAnswer`), and arm the first token's timer for `firstTokenAt` when set.
            case startHold(
                requestID: Int, send: HoldPlan.Start, firstTokenAt: UInt64?, holdEndsAt: UInt64,
                closeAfterAnswer: Bool)
            /// Send the stream's next content token, and arm the next one's timer for `nextTokenAt` when set (else
            /// the stream stalls here).
            case sendToken(requestID: Int, nextTokenAt: UInt64?)
            /// Count the held request as abandoned by its client, then close.
            case releaseAbandoned(requestID: Int)
            /// Count the held request as completed and send its whole answer (JSON, or the whole stream).
            case answerHeld(requestID: Int, closeAfterWrite: Bool)
            /// Count the held request as completed and send the rest of its open stream and its closing events.
            case finishStream(requestID: Int, closeAfterWrite: Bool)
            /// Send a response that needs no hold (control route or refusal).
            case respond(closeAfterWrite: Bool)
            /// Arm the websocket's hold timer for `holdEndsAt` (its 101 answer goes out with this step).
            case openWebSocket(requestID: Int, holdEndsAt: UInt64)
            /// Count the websocket as abandoned by its peer (`abandoned`) or completed, and send a close frame
            /// with `closeCode`; the connection closes once it is written.
            case closeWebSocket(requestID: Int, abandoned: Bool, closeCode: UInt16)
            /// Parse the requests buffered behind the response just written (pipelining).
            case parseBuffered
            /// Close the socket.
            case close
        }

        private(set) var state: State = .reading
        /// Whether the connection is inside its parse loop: a response written at once brings it back to
        /// Reading there, and must not start a second loop inside the first.
        private(set) var isParsing = false
        private let behaviour: BackendBehaviour
        private let answerTokens: Int
        private let holdNanoseconds: UInt64
        private let timeToFirstToken: UInt64
        private let tokenInterval: UInt64
        /// The most a connection buffers behind a response: one request at the parser's limits.
        private let bufferedInputLimit: Int

        /// A connection of a backend configured so: its behaviour, timeline, hold and parser limits.
        init(_ configuration: FakeBackend.Configuration) {
            behaviour = configuration.behaviour
            answerTokens = configuration.timeline.tokens
            holdNanoseconds = configuration.hold.nanoseconds
            timeToFirstToken = configuration.timeline.timeToFirstToken.nanoseconds
            tokenInterval = configuration.timeline.tokenInterval.nanoseconds
            bufferedInputLimit = configuration.limits.maxHeaderBlockBytes + configuration.limits.maxBodyBytes
        }

        /// Whether the connection parses requests (not holding, writing or closed).
        var isReading: Bool { state == .reading }

        /// Whether the response under way (or the one about to go out) closes the connection after it.
        var closesAfterWrite: Bool {
            switch state {
            case .writing(let afterwards), .awaitingArrival(let afterwards): afterwards.closes
            case .queued(let waiting): waiting.afterwards.closes
            case .holding(let hold): hold.afterwards.closes
            case .reading: false
            case .websocket, .closed: true
            }
        }

        /// Whether the connection is closed: it reads nothing more.
        var isClosed: Bool { state == .closed }

        /// `count` bytes came from the peer.
        ///
        /// While a response is under way they wait unparsed; reading goes on even when they are dropped, so a
        /// hang-up is still seen at once.
        mutating func bytesRead(_ count: Int) -> Input {
            switch state {
            case .reading:
                return .parse
            case .queued(var waiting):
                let input = waiting.afterwards.admit(count, limit: bufferedInputLimit)
                state = .queued(waiting)
                return input
            case .holding(var hold):
                let input = hold.afterwards.admit(count, limit: bufferedInputLimit)
                state = .holding(hold)
                return input
            case .awaitingArrival(var afterwards):
                let input = afterwards.admit(count, limit: bufferedInputLimit)
                state = .awaitingArrival(afterwards)
                return input
            case .writing(var afterwards):
                let input = afterwards.admit(count, limit: bufferedInputLimit)
                state = .writing(afterwards)
                return input
            case .websocket:
                return .frames
            case .closed:
                return .drop
            }
        }

        /// The connection starts parsing the bytes its parser holds.
        mutating func parsingStarted() {
            guard state == .reading, !isParsing else { illegal("parsing started") }
            isParsing = true
        }

        /// The connection's parse loop ended: no complete request is left, or the connection left Reading.
        mutating func parsingEnded() {
            guard isParsing else { illegal("parsing ended") }
            isParsing = false
        }

        /// An API request was parsed and counted as `requestID` at `now`: hold it (as a stream when `stream`; for
        /// no time when `atOnce`: a slot probe, a run's create or poll) when it `hasSlot`, else wait for one; close
        /// after its answer unless `keepAlive`.
        mutating func apiRequestParsed(
            requestID: Int, stream: Bool, atOnce: Bool = false, keepAlive: Bool, hasSlot: Bool = true,
            now: UInt64
        ) -> Action {
            guard state == .reading else { illegal("an API request") }
            let waiting = Waiting(
                requestID: requestID, stream: stream, atOnce: atOnce,
                afterwards: Afterwards(closes: !keepAlive)
            )
            guard hasSlot else {
                state = .queued(waiting)
                return .none
            }
            return hold(waiting, now: now)
        }

        /// The waiting request was given a slot at `now`: it is held from now on.
        mutating func slotGranted(now: UInt64) -> Action {
            guard case .queued(let waiting) = state else { illegal("a slot") }
            return hold(waiting, now: now)
        }

        private mutating func hold(_ request: Waiting, now: UInt64) -> Action {
            let plan = HoldPlan(behaviour: behaviour, stream: request.stream, answerTokens: answerTokens)
            let firstTokenAt = plan.tokens == 0 ? nil : now + timeToFirstToken
            state = .holding(
                Hold(
                    requestID: request.requestID, plan: plan, nextTokenAt: firstTokenAt,
                    afterwards: request.afterwards))
            return .startHold(
                requestID: request.requestID, send: plan.start, firstTokenAt: firstTokenAt,
                holdEndsAt: now + (request.atOnce ? 0 : holdNanoseconds),
                closeAfterAnswer: request.afterwards.closes)
        }

        /// A control request was parsed: answer it at once, and close after the answer unless `keepAlive`.
        mutating func controlRequestParsed(keepAlive: Bool) -> Action {
            guard state == .reading else { illegal("a control request") }
            state = .writing(Afterwards(closes: !keepAlive))
            return .respond(closeAfterWrite: !keepAlive)
        }

        /// A `GET /arrivals` was parsed: wait for its request's arrival, and close after the answer unless
        /// `keepAlive`.
        mutating func arrivalWaitParsed(keepAlive: Bool) -> Action {
            guard state == .reading else { illegal("an arrival wait") }
            state = .awaitingArrival(Afterwards(closes: !keepAlive))
            return .none
        }

        /// The awaited request arrived, or the wait ended: answer.
        mutating func arrivalAnswered() -> Action {
            guard case .awaitingArrival(let afterwards) = state else { illegal("an arrival's answer") }
            state = .writing(afterwards)
            return .respond(closeAfterWrite: afterwards.closes)
        }

        /// The request could not be parsed or was refused: answer with an error and close.
        mutating func requestRefused() -> Action {
            guard state == .reading else { illegal("a refusal") }
            state = .writing(Afterwards(closes: true))
            return .respond(closeAfterWrite: true)
        }

        /// A websocket upgrade was accepted and counted as `requestID` at `now`: hold it.
        mutating func websocketAccepted(requestID: Int, now: UInt64) -> Action {
            guard state == .reading else { illegal("a websocket upgrade") }
            state = .websocket(requestID: requestID)
            return .openWebSocket(requestID: requestID, holdEndsAt: now + holdNanoseconds)
        }

        /// The websocket's peer sent a close frame (`protocolError` false), or bytes that are no frame: it
        /// closed the session, so the close frame that answers it goes out (RFC 6455 §5.5.1, §7.1.7).
        mutating func websocketClosedByPeer(protocolError: Bool) -> Action {
            guard case .websocket(let id) = state else { return .none }
            state = .writing(Afterwards(closes: true))
            return .closeWebSocket(requestID: id, abandoned: true, closeCode: protocolError ? 1002 : 1000)
        }

        /// The timer for the next content token fired.
        ///
        /// The last token of a plan that completes finishes the stream (that token and the closing events); the
        /// last one of a stall leaves the stream held with no timer.
        mutating func tokenTick() -> Action {
            guard case .holding(var hold) = state, let due = hold.nextTokenAt else { illegal("a token tick") }
            hold.tokensSent += 1
            let isLast = hold.tokensSent == hold.plan.tokens
            if isLast && hold.plan.completes {
                state = .writing(hold.afterwards)
                return .finishStream(requestID: hold.requestID, closeAfterWrite: hold.afterwards.closes)
            }
            // From the deadline, not from now: a busy loop delays tokens without making the stream drift slower.
            hold.nextTokenAt = isLast ? nil : due + tokenInterval
            state = .holding(hold)
            return .sendToken(requestID: hold.requestID, nextTokenAt: hold.nextTokenAt)
        }

        /// The hold elapsed with the client still connected.
        mutating func holdElapsed() -> Action {
            if case .websocket(let id) = state {
                state = .writing(Afterwards(closes: true))
                return .closeWebSocket(requestID: id, abandoned: false, closeCode: 1000)
            }
            guard case .holding(let hold) = state else { illegal("the hold's end") }
            state = .writing(hold.afterwards)
            let closes = hold.afterwards.closes
            return hold.plan.start == .nothing
                ? .answerHeld(requestID: hold.requestID, closeAfterWrite: closes)
                : .finishStream(requestID: hold.requestID, closeAfterWrite: closes)
        }

        /// The peer closed or reset the connection, which it may do at any moment.
        mutating func peerClosed() -> Action {
            switch state {
            case .queued(let waiting):
                state = .closed
                return .releaseAbandoned(requestID: waiting.requestID)
            case .holding(let hold):
                state = .closed
                return .releaseAbandoned(requestID: hold.requestID)
            case .websocket(let id):
                state = .closed
                return .releaseAbandoned(requestID: id)
            case .reading, .writing, .awaitingArrival:
                state = .closed
                return .close
            case .closed:
                return .none
            }
        }

        /// Every byte queued so far was written; only the end of a response moves the connection on.
        mutating func writeDrained() -> Action {
            switch state {
            case .queued, .holding, .awaitingArrival, .websocket:
                return .none
            case .writing(let afterwards) where afterwards.closes:
                state = .closed
                return .close
            case .writing:
                state = .reading
                // Inside the parse loop, the loop itself goes on with the next request.
                return isParsing ? .none : .parseBuffered
            case .reading, .closed:
                illegal("a drained write")
            }
        }

        private func illegal(_ input: String) -> Never {
            preconditionFailure(
                "backend connection: \(input) cannot happen while \(state)\(isParsing ? " (parsing)" : "")")
        }
    }
}
