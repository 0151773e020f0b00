import Glibc

/// Why a child process could not be started or its output not be read.
package enum ChildProcessError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A bare program name is on no directory of the search path.
    case executableNotFound(name: String, searchPath: String)
    /// A program path names no executable file.
    case notExecutable(path: String)
    /// The requested working directory does not exist.
    case workingDirectoryMissing(String)
    /// A file the child's output goes to could not be opened.
    case cannotOpenLog(path: String, errno: Int32)
    /// Preparing a child's start (its process, group, registration with the watchdog, descriptors, directory,
    /// signals) failed; the program never ran.
    case spawnSetupFailed(commandLine: String, step: String, errno: Int32)
    /// The program could not be executed (`execve` failed, after trying again for a while on ETXTBSY).
    case spawnFailed(commandLine: String, errno: Int32)
    /// The temporary file that captures a child's stdout failed.
    case cannotCaptureOutput(commandLine: String, errno: Int32)
    /// The lab is shutting down (interrupted): nothing new starts.
    case shuttingDown(commandLine: String)
    /// The child ran past its time limit and was stopped.
    case timedOut(commandLine: String, limit: Duration)

    /// What failed and what to do about it.
    package var description: String {
        switch self {
        case .executableNotFound(let name, let searchPath):
            return "\(name) not found on PATH (\(searchPath)): install it or add its directory to PATH"
        case .notExecutable(let path):
            return "\(path) does not exist or is not executable"
        case .workingDirectoryMissing(let directory):
            return "working directory \(directory) does not exist"
        case .cannotOpenLog(let path, let code):
            return
                "cannot open log file \(path): \(Self.text(code)): check that its folder exists and is writable"
        case .spawnSetupFailed(let commandLine, let step, let code):
            return "cannot start \(commandLine): \(step) failed: \(Self.text(code))"
        case .spawnFailed(let commandLine, let code):
            return "cannot start \(commandLine): \(Self.text(code))"
        case .cannotCaptureOutput(let commandLine, let code):
            return
                "cannot capture the output of \(commandLine): \(Self.text(code)): check the temporary directory"
        case .shuttingDown(let commandLine):
            return "not starting \(commandLine): the lab is shutting down"
        case .timedOut(let commandLine, let limit):
            return
                "\(commandLine) did not finish within \(Int(limit.seconds)) s and was stopped: check the network "
                + "and the package index, then run again"
        }
    }

    private static func text(_ code: Int32) -> String { String(cString: strerror(code)) }
}
