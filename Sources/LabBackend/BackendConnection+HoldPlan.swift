extension BackendConnection {
    /// What a held request puts on the wire before its hold ends: how far along its stream's timeline it goes.
    struct HoldPlan: Equatable {
        /// What goes out at once, when the hold starts.
        enum Start: Equatable {
            /// Nothing: a JSON answer, or a stream still queued.
            case nothing
            /// The stream's response head only.
            case head
            /// The head and the API's opening events; only then can content tokens follow.
            case opening
        }

        /// What goes out at once.
        let start: Start
        /// Content tokens sent one per tick after the opening (the first after the time to first token);
        /// nil for one per tick until the hold ends.
        let tokens: Int?
        /// Whether the stream ends after its last token (the model finished) instead of stalling there.
        let completes: Bool

        /// Nothing before the hold ends.
        static let quiet = HoldPlan(start: .nothing, tokens: 0, completes: false)

        /// A plan from its parts; `tokens` only count after an opening.
        init(start: Start, tokens: Int?, completes: Bool) {
            self.start = start
            self.tokens = start == .opening ? tokens : 0
            self.completes = completes
        }

        /// The plan for a request under `behaviour`, whose whole answer is `answerTokens` content tokens;
        /// only stream requests send anything early.
        init(behaviour: BackendBehaviour, stream: Bool, answerTokens: Int) {
            guard stream else {
                self = .quiet
                return
            }
            switch behaviour {
            case .answer: self.init(start: .opening, tokens: max(1, answerTokens), completes: true)
            case .queued: self = .quiet
            case .head: self.init(start: .head, tokens: 0, completes: false)
            case .opening: self.init(start: .opening, tokens: 0, completes: false)
            case .firstToken: self.init(start: .opening, tokens: 1, completes: false)
            case .midStream: self.init(start: .opening, tokens: nil, completes: false)
            }
        }
    }
}
