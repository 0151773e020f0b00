/// Why a benchmark could not measure what it set out to; the message says what was waited for or missing.
package struct BenchError: Error, CustomStringConvertible {
    /// What went wrong.
    package let message: String

    /// A failure saying `message`.
    package init(_ message: String) { self.message = message }

    package var description: String { message }
}
