import Foundation
import LabCore

/// Checks `condition` every 20 ms until it holds, or `limit` has passed; whether it held. Every test that
/// waits for something polls through this.
///
/// For what another thread or process does: the limit is only there so that a test fails instead of
/// hanging, never a claim about how fast anything is.
package func pollUntil(within limit: Duration = .seconds(30), _ condition: () throws -> Bool) rethrows -> Bool
{
    let giveUp = LabClock.deadline(after: limit)
    while true {
        if try condition() { return true }
        if LabClock.hasPassed(giveUp) { return false }
        PollingClock.system.sleep(until: LabClock.deadline(after: .milliseconds(20)))
    }
}

/// The port a server wrote to `path` once it was listening (`fake-backend --port 0 --port-file PATH`), or nil
/// when none was written within `limit`.
package func port(writtenTo path: String, within limit: Duration = .seconds(10)) -> Int? {
    var port: Int?
    _ = pollUntil(within: limit) {
        // Written whole or not at all (a rename), so a file that is there holds the whole line.
        port = (try? String(contentsOfFile: path, encoding: .utf8)).flatMap {
            Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return port != nil
    }
    return port
}
