/// Why a benchmark could not measure what it set out to; the message says what was waited for or missing.
public struct BenchError: Error, CustomStringConvertible {
    /// What went wrong.
    public let message: String

    /// A failure saying `message`.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
