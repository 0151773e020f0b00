import Foundation
import LabCore

/// Options written back as words, the inverse of ``CommandOptions``' readers: how the lab renders the command
/// lines of runs and of compose's services, so that what it writes reads back to the same values.
package struct OptionWords {
    /// The words so far.
    package private(set) var words: [String] = []

    /// No words yet.
    package init() {}

    /// `name value`.
    package mutating func add(_ name: String, _ value: String) { words += [name, value] }

    /// `name value` unless `value` is nil.
    package mutating func add(_ name: String, _ value: String?) { if let value { add(name, value) } }

    /// `name N` unless `value` is `standard`.
    package mutating func add(_ name: String, _ value: Int, unless standard: Int?) {
        if value != standard { add(name, String(value)) }
    }

    /// `name SECONDS` unless `value` is `standard`.
    package mutating func add(_ name: String, _ value: Duration, unless standard: Duration?) {
        if value != standard { add(name, Self.seconds(value)) }
    }

    /// Words rendered elsewhere, as they are.
    package mutating func append(_ more: [String]) { words += more }

    /// `name` when `on`.
    package mutating func flag(_ name: String, _ on: Bool) { if on { words.append(name) } }

    /// Seconds as `--timeout` reads them: `1.5` for 1.5 s, `0.001` for 1 ms.
    package static func seconds(_ duration: Duration) -> String { String(format: "%g", duration.seconds) }
}
