import Foundation
@testable import LabBackend
@testable import LabCore
@testable import LabLoad
import LabTestSupport
@testable import LabWire
import Testing
@testable import LabRecords

#if canImport(Glibc)
    import Glibc
#endif

/// Every robustness suite runs one test at a time: they load two cores on purpose, and the counts they
/// assert are exact, so they must not share the machine with each other.
@Suite(.serialized) enum Robustness {}

/// The chat request the load client sends, as raw bytes.
let chatRequest: [UInt8] = HTTPRequest(
    method: "POST", target: "/v1/chat/completions",
    headers: HTTPHeaders([("Host", "127.0.0.1"), ("Content-Type", "application/json")]),
    body: Array(LoadPlan.originalChatBody.utf8)
).serialized()

/// The counters that must be exact, compared as one value so a mismatch prints all of them.
struct Counts: Equatable, CustomStringConvertible {
    var active = 0
    var started = 0
    var completed = 0
    var clientClosed = 0
    var rejected = 0

    init(active: Int = 0, started: Int = 0, completed: Int = 0, clientClosed: Int = 0, rejected: Int = 0) {
        self.active = active
        self.started = started
        self.completed = completed
        self.clientClosed = clientClosed
        self.rejected = rejected
    }

    init(_ stats: BackendStats) {
        self.init(
            active: stats.active, started: stats.started, completed: stats.completed,
            clientClosed: stats.clientClosed,
            rejected: stats.rejected)
    }

    var description: String {
        "active=\(active) started=\(started) completed=\(completed) client_closed=\(clientClosed) rejected=\(rejected)"
    }
}

extension TestBackend {
    /// The counters once they equal `expected` (waiting for hang-ups to be seen), checked for
    /// consistency on the way.
    func settle(at expected: Counts) throws -> Counts {
        let stats = try stats { Counts($0) == expected }
        #expect(stats.isConsistent, "inconsistent: \(Counts(stats))")
        return Counts(stats)
    }

    /// Whether `/health` answers 200 within `timeout`.
    func answersHealth(timeout: Duration = .seconds(5)) -> Bool {
        (try? HTTPFetch.get(base.appending(path: "/health"), timeout: timeout))?.head.status.code == 200
    }

    /// Whether the backend has read, and acted on, every byte its connections had sent before this call: two
    /// health checks, one after the other. Bytes already sent were ready for the backend's one loop no later
    /// than the first check's request, so the loop read them at the latest in the turn that answered it; the
    /// second check connects only after that answer, so it is answered in a later turn.
    func hasReadEverythingSentBefore() -> Bool {
        answersHealth() && answersHealth()
    }
}

/// Raises this process's open-file limit to at least `wanted` (up to the hard limit); returns the limit in force.
@discardableResult
func raiseOpenFileLimit(to wanted: Int) -> Int {
    let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    var limit = rlimit()
    getrlimit(resource, &limit)
    if limit.rlim_cur < rlim_t(wanted) {
        limit.rlim_cur = min(rlim_t(wanted), limit.rlim_max)
        setrlimit(resource, &limit)
        getrlimit(resource, &limit)
    }
    return Int(limit.rlim_cur)
}

/// Sleeps the calling thread, for a wait that is the scenario itself (a slow client's pace, a window a
/// measurement spans), never to wait for something to happen: that is `pollUntil`'s job.
func pause(_ duration: Duration) {
    PollingClock.system.sleep(until: LabClock.deadline(after: duration))
}
