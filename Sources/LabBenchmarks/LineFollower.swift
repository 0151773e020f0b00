import Foundation
import LabCore
import LabRunner

/// One line a child printed, with the moment the bench first saw it.
package struct StampedLine: Codable, Sendable, Equatable {
    /// When the line appeared, Unix seconds.
    package var at: Double
    /// The line, without its newline.
    package var text: String

    /// A line seen at `at`.
    package init(at: Double, text: String) {
        self.at = at
        self.text = text
    }
}

/// Follows a file a child process appends to and stamps each complete line when it appears.
///
/// The lab prints its progress unbuffered and without timestamps: polling its output file every few
/// milliseconds dates each line to within that poll.
struct LineFollower {
    private let path: String
    private var offset: UInt64 = 0
    private(set) var lines: [StampedLine] = []

    /// Follows `path` from its start.
    init(path: String) { self.path = path }

    /// Polls every `interval` until `child` ends, then reads what is left.
    mutating func follow(_ child: ChildProcess, every interval: Duration = .milliseconds(5))
        -> ChildProcess.ExitStatus
    {
        while true {
            let status = child.exitStatus()
            poll()
            if let status { return status }
            Thread.sleep(forTimeInterval: interval.seconds)
        }
    }

    /// Stamps the complete lines written since the last poll; a partial last line waits for its newline.
    mutating func poll() {
        let text = LogFile.text(path, from: offset)
        guard let end = text.utf8.lastIndex(of: UInt8(ascii: "\n")) else { return }
        let complete = text.utf8[...end]
        offset += UInt64(complete.count)
        let now = Clock.unixSeconds()
        lines += String(decoding: complete, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .dropLast().map { StampedLine(at: now, text: String($0)) }
    }
}
