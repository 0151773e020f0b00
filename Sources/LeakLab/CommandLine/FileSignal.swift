import Foundation
import LabCore

/// Files used as signals between containers that share a folder (the collector's "baseline taken").
package enum FileSignal {
    /// Creates `path` with `content`, atomically.
    package static func raise(_ path: String, content: String = "") throws {
        try Data(content.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Waits until `path` exists, polling every 50 ms; throws a clear failure after `patience`.
    package static func wait(for path: String, patience: Duration) throws(CommandFailure) {
        let giveUp = LabClock.monotonicNanoseconds() + patience.nanoseconds
        while !FileManager.default.fileExists(atPath: path) {
            guard LabClock.monotonicNanoseconds() < giveUp else {
                throw CommandFailure(
                    "\(path) did not appear within \(Format.seconds(patience.seconds)): is the collector running?",
                    exitCode: CommandFailure.unavailableExitCode)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }
}
