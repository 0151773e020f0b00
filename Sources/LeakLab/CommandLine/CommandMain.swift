import Foundation
import LabCore

/// The shared frame of every executable: `--help`, usage errors (exit 64), other errors (exit 70).
package enum CommandMain {
    /// Runs `body` with the command's options; `body` returns the exit status.
    package static func run(
        _ command: String, usage: String,
        _ body: (inout CommandOptions) throws -> Int32
    ) -> Never {
        let words = CommandLine.arguments.dropFirst()
        if words.contains("--help") || words.contains("-h") {
            print(usage)
            exit(0)
        }
        do {
            var options = CommandOptions(
                try ArgumentFile.expand(Array(words)), environment: ProcessInfo.processInfo.environment)
            exit(try body(&options))
        } catch let error as UsageError {
            LineWriter.standardError().write(
                "\(command): \(error.message)\nRun '\(command) --help' for usage.")
            exit(UsageError.exitCode)
        } catch let error as ExitStatusProviding {
            LineWriter.standardError().write("\(command): \(error)")
            exit(error.exitStatus)
        } catch {
            LineWriter.standardError().write("\(command): \(error)")
            exit(CommandFailure.softwareExitCode)
        }
    }
}

/// A failure that ends a command with a specific status and a message saying what to do.
package struct CommandFailure: ExitStatusProviding, CustomStringConvertible {
    /// What went wrong and what to do about it.
    package let message: String
    /// The exit status.
    package let exitCode: Int32

    /// `EX_UNAVAILABLE`: a port is busy, a service is missing.
    package static let unavailableExitCode: Int32 = 69
    /// `EX_SOFTWARE`: anything unexpected.
    static let softwareExitCode: Int32 = 70
    /// `EX_DATAERR`: input refused on its content (a compromised LiteLLM release, say).
    static let refusedExitCode: Int32 = 65

    /// A failure with `message` and `exitCode`.
    package init(_ message: String, exitCode: Int32) {
        self.message = message
        self.exitCode = exitCode
    }

    package var description: String { message }

    package var exitStatus: Int32 { exitCode }
}

/// An error that knows the exit status it should end a command with.
package protocol ExitStatusProviding: Error {
    /// The exit status, e.g. 69 for a busy port.
    var exitStatus: Int32 { get }
}
