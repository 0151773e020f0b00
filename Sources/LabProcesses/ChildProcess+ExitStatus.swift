import Glibc

extension ChildProcess {
    /// How a child process ended.
    package enum ExitStatus: Sendable, Hashable, CustomStringConvertible {
        /// The process called `exit` with this code.
        case exited(Int32)
        /// The process was ended by this signal.
        case signaled(Int32)

        /// Decodes a `waitpid` status (the `WIFEXITED`/`WTERMSIG` macros do not import into Swift).
        init(waitStatus raw: Int32) {
            let signal = raw & 0x7f
            self = signal == 0 ? .exited((raw >> 8) & 0xff) : .signaled(signal)
        }

        /// Whether the process exited with code 0.
        package var isSuccess: Bool { self == .exited(0) }

        /// "exit code 3" or "signal 9 (Killed)".
        package var description: String {
            switch self {
            case .exited(let code):
                return "exit code \(code)"
            case .signaled(let signal):
                return "signal \(signal) (\(String(cString: strsignal(signal))))"
            }
        }
    }
}
