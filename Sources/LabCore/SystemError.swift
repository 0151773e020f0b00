#if canImport(Glibc)
    import Glibc
#endif

/// A failed system call, with the call's name and `errno` kept for the message.
package struct SystemError: Error, Equatable, CustomStringConvertible {
    /// The system call that failed, e.g. `"bind"`.
    package let call: String
    /// The `errno` it set.
    package let code: Int32

    /// Captures the current `errno` for `call`.
    package init(_ call: String, code: Int32 = errno) {
        self.call = call
        self.code = code
    }

    package var description: String {
        "\(call) failed: \(String(cString: strerror(code))) (errno \(code))"
    }
}

/// Retries a system call interrupted by a signal, turning a `-1` result into a thrown `SystemError`.
@discardableResult
package func systemCall<Result: BinaryInteger>(_ name: String, _ body: () -> Result) throws(SystemError)
    -> Result
{
    while true {
        let result = body()
        if result != -1 { return result }
        if errno == EINTR { continue }
        throw SystemError(name)
    }
}
