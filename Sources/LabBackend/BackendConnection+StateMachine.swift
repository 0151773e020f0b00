extension BackendConnection {
    /// The life of one backend connection as a pure value: inputs in, `Action`s out.
    ///
    /// Reading → (API request) Holding → Writing → Reading (keep-alive) or Closed.
    /// While Holding, a stream goes along its timeline as far as its `HoldPlan` says (head, opening events,
    /// one content token per tick), then stalls, or completes (Writing) after its last token.
    /// A hang-up while Holding is the event the whole lab exists to observe.
    struct StateMachine: Equatable {
        enum State: Equatable {
            case reading
            /// `tokensSent` counts token ticks so far: the plan's limit says when they stop.
            case holding(requestID: Int, plan: HoldPlan, tokensSent: Int)
            case writing(closeAfterWrite: Bool)
            case closed
        }

        /// Which timer a stream arms for its next content token.
        enum TokenTimer: Equatable {
            /// The time to first token, from now.
            case firstToken
            /// One token interval after the previous token's deadline.
            case nextToken
        }

        /// What the connection must do next.
        enum Action: Equatable {
            /// Nothing yet: wait for more bytes.
            case awaitBytes
            /// Count the request as started and arm its hold timer.
            case startHold
            /// Nothing until the hold ends or the peer hangs up.
            case keepHolding
            /// Send the stream's head, then its opening events when `opening`, and arm `timer` when set.
            case openStream(requestID: Int, opening: Bool, timer: TokenTimer?)
            /// Send the stream's next content token, and arm `timer` when set (else the stream stalls here).
            case sendToken(requestID: Int, timer: TokenTimer?)
            /// Count the held request as abandoned by its client, then close.
            case releaseAbandoned(requestID: Int)
            /// Count the held request as completed and send the whole answer (JSON, or the whole stream).
            case answerHeld(requestID: Int, closeAfterWrite: Bool)
            /// Count the held request as completed and send the rest of its open stream and its closing events.
            case finishStream(requestID: Int, closeAfterWrite: Bool)
            /// Send a response that needs no hold (control route or refusal).
            case respond(closeAfterWrite: Bool)
            /// Go back to parsing bytes already buffered (pipelining).
            case parseBuffered
            /// Close the socket.
            case close
            /// The input is impossible in this state: a bug in the caller.
            case ignore
        }

        private(set) var state: State = .reading

        /// Whether the connection is parsing requests (not holding, writing or closed).
        var isReading: Bool { state == .reading }

        /// A complete request was parsed; `holds` says whether its route is a held API call.
        mutating func requestParsed(holds: Bool, keepAlive: Bool) -> Action {
            guard state == .reading else { return .ignore }
            if holds { return .startHold }
            state = .writing(closeAfterWrite: !keepAlive)
            return .respond(closeAfterWrite: !keepAlive)
        }

        /// The hold was armed for the request with `requestID`; `plan` says what goes out while it lasts.
        @discardableResult
        mutating func holdStarted(requestID: Int, plan: HoldPlan = .quiet) -> Action {
            guard state == .reading else { return .ignore }
            state = .holding(requestID: requestID, plan: plan, tokensSent: 0)
            switch plan.start {
            case .nothing: return .keepHolding
            case .head: return .openStream(requestID: requestID, opening: false, timer: nil)
            case .opening:
                return .openStream(
                    requestID: requestID, opening: true, timer: plan.tokens == 0 ? nil : .firstToken)
            }
        }

        /// The timer for the next content token fired.
        ///
        /// The last token of a plan that completes finishes the stream (that token and the closing events);
        /// the last one of a stall leaves the stream held with no timer.
        mutating func tokenTick(keepAlive: Bool) -> Action {
            guard case .holding(let id, let plan, let sent) = state, plan.start == .opening,
                plan.tokens.map({ sent < $0 }) ?? true
            else { return .ignore }
            let tokensSent = sent + 1
            let isLast = tokensSent == plan.tokens
            if isLast && plan.completes {
                state = .writing(closeAfterWrite: !keepAlive)
                return .finishStream(requestID: id, closeAfterWrite: !keepAlive)
            }
            state = .holding(requestID: id, plan: plan, tokensSent: tokensSent)
            return .sendToken(requestID: id, timer: isLast ? nil : .nextToken)
        }

        /// The request could not be parsed or was refused: answer with an error and close.
        mutating func requestRefused() -> Action {
            guard state == .reading else { return .ignore }
            state = .writing(closeAfterWrite: true)
            return .respond(closeAfterWrite: true)
        }

        /// The hold elapsed with the client still connected.
        mutating func holdElapsed(keepAlive: Bool) -> Action {
            guard case .holding(let id, let plan, _) = state else { return .ignore }
            state = .writing(closeAfterWrite: !keepAlive)
            return plan.start == .nothing
                ? .answerHeld(requestID: id, closeAfterWrite: !keepAlive)
                : .finishStream(requestID: id, closeAfterWrite: !keepAlive)
        }

        /// The peer closed or reset the connection.
        mutating func peerClosed() -> Action {
            switch state {
            case .holding(let id, _, _):
                state = .closed
                return .releaseAbandoned(requestID: id)
            case .reading, .writing:
                state = .closed
                return .close
            case .closed:
                return .ignore
            }
        }

        /// Every byte queued so far was written; only the end of a response moves the connection on.
        mutating func writeDrained() -> Action {
            guard case .writing(let closeAfterWrite) = state else { return .ignore }
            if closeAfterWrite {
                state = .closed
                return .close
            }
            state = .reading
            return .parseBuffered
        }
    }
}
