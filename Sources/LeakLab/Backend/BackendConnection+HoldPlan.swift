extension BackendConnection {
    /// What a held request puts on the wire before its hold ends.
    enum HoldPlan: Equatable {
        /// Nothing: the whole answer (JSON or a stream) goes out when the hold ends.
        case quiet
        /// The stream's head and its first `events` events at once, then silence.
        case open(events: Int)
        /// The stream's head at once, then one event per tick.
        case trickle

        /// The plan for a request under `behaviour`; only stream requests send anything early.
        init(behaviour: BackendBehaviour, stream: Bool) {
            guard stream else {
                self = .quiet
                return
            }
            switch behaviour {
            case .answer, .silent: self = .quiet
            case .headers: self = .open(events: 0)
            case .oneChunk: self = .open(events: 1)
            case .trickle: self = .trickle
            }
        }
    }
}
