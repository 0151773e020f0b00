/// Close-detection latency: how long the backend's count takes to reflect a burst of hang-ups.
///
/// Which backend record belongs to which client socket is not visible from outside, and need not be:
/// the count is what the lab reads. So the k-th decrement (the k-th earliest `ended_at`) is measured
/// against the k-th hang-up: the delay until the count had fallen by k after k clients had left.
enum CloseDetection {
    /// Seconds from the k-th hang-up to the k-th decrement, for every k both sides have.
    ///
    /// - Parameters:
    ///   - hangUps: When each client closed its connection, Unix seconds, in any order.
    ///   - decrements: When the backend ended each abandoned request (`ended_at`), Unix seconds.
    static func latencies(hangUps: [Double], decrements: [Double]) -> [Double] {
        zip(hangUps.sorted(), decrements.sorted()).map { hangUp, decrement in decrement - hangUp }
    }
}
