extension BackendConnection {
    /// The life of one backend connection as a pure value: inputs in, `Action`s out.
    ///
    /// Reading → (API request) Holding → Writing → Reading (keep-alive) or Closed.
    /// A held stream may open (head, first events) or trickle while Holding, per its `HoldPlan`.
    /// A hang-up while Holding is the event the whole lab exists to observe.
    struct StateMachine: Equatable {
        enum State: Equatable {
            case reading
            case holding(requestID: Int, plan: HoldPlan)
            case writing(closeAfterWrite: Bool)
            case closed
        }

        /// What the connection must do next.
        enum Action: Equatable {
            /// Nothing yet: wait for more bytes.
            case awaitBytes
            /// Count the request as started and arm its hold timer.
            case startHold
            /// Nothing until the hold ends or the peer hangs up.
            case keepHolding
            /// Send the stream's head and its first `events` events, then nothing more while held.
            case openStream(requestID: Int, events: Int)
            /// Send the stream's head and arm the first trickle tick.
            case openTrickle(requestID: Int)
            /// Send the stream's next event and arm the next tick.
            case sendEvent(requestID: Int)
            /// Count the held request as abandoned by its client, then close.
            case releaseAbandoned(requestID: Int)
            /// Count the held request as completed and send the whole answer (JSON, or the whole stream).
            case answerHeld(requestID: Int, closeAfterWrite: Bool)
            /// Count the held request as completed and send the rest of its open stream.
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
            state = .holding(requestID: requestID, plan: plan)
            switch plan {
            case .quiet: return .keepHolding
            case .open(let events): return .openStream(requestID: requestID, events: events)
            case .trickle: return .openTrickle(requestID: requestID)
            }
        }

        /// A trickle tick fired.
        mutating func trickleTick() -> Action {
            guard case .holding(let id, .trickle) = state else { return .ignore }
            return .sendEvent(requestID: id)
        }

        /// The request could not be parsed or was refused: answer with an error and close.
        mutating func requestRefused() -> Action {
            guard state == .reading else { return .ignore }
            state = .writing(closeAfterWrite: true)
            return .respond(closeAfterWrite: true)
        }

        /// The hold elapsed with the client still connected.
        mutating func holdElapsed(keepAlive: Bool) -> Action {
            guard case .holding(let id, let plan) = state else { return .ignore }
            state = .writing(closeAfterWrite: !keepAlive)
            return plan == .quiet
                ? .answerHeld(requestID: id, closeAfterWrite: !keepAlive)
                : .finishStream(requestID: id, closeAfterWrite: !keepAlive)
        }

        /// The peer closed or reset the connection.
        mutating func peerClosed() -> Action {
            switch state {
            case .holding(let id, _):
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
