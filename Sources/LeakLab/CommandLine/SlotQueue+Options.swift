import LabBackend

extension SlotQueue.Limits {
    /// Reads `--slots N` and `--queue-limit M` (with the environment variables `BACKEND_SLOTS` and
    /// `BACKEND_QUEUE_LIMIT` when `environment` is set): nil without `--slots`.
    ///
    /// A queue limit without slots is a usage error: a queue only forms behind busy slots.
    package static func read(_ options: inout CommandOptions, environment: Bool) throws(UsageError)
        -> SlotQueue.Limits?
    {
        // The defaults lie outside the ranges: they only say that the option was not given.
        let slots = try options.integer(
            "--slots", env: environment ? "BACKEND_SLOTS" : nil, default: 0, in: 1...100_000)
        let queueLimit = try options.integer(
            "--queue-limit", env: environment ? "BACKEND_QUEUE_LIMIT" : nil, default: -1, in: 0...1_000_000)
        guard slots > 0 else {
            guard queueLimit < 0 else {
                throw UsageError("--queue-limit needs --slots N: a queue only forms when every slot is busy")
            }
            return nil
        }
        return SlotQueue.Limits(slots: slots, queueLimit: queueLimit < 0 ? nil : queueLimit)
    }
}
