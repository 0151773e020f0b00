import Foundation
import LabCore
import LabLoad
import LabWire
import LabRecords

/// Reads what a fake backend says about itself: its counters (`/stats`) and its request records (`/requests`),
/// for the collector's polls, its cost figures and the slot probe alike.
package struct BackendReader: Sendable {
    /// A reply that was not 200.
    package struct StatusError: Error, CustomStringConvertible {
        let url: HTTPURL
        let status: Int
        package var description: String { "GET \(url): status \(status)" }
    }

    /// The backend's base URL.
    package let base: HTTPURL

    package init(_ base: HTTPURL) { self.base = base }

    /// `/stats`, or `/stats?since=T` to count only what started after `since` (Unix seconds).
    ///
    /// - Parameter timeout: How long to wait for the answer: short, since a poll must not fall behind.
    package func stats(since: Double? = nil, timeout: Duration = .seconds(1)) throws -> BackendStats {
        // `String(Double)` is the shortest text that reads back as the same Double: the backend echoes it exactly.
        try get("/stats" + (since.map { "?since=\($0)" } ?? ""), BackendStats.self, timeout: timeout)
    }

    /// `/requests`: a record of every request the backend has seen.
    package func records(timeout: Duration = .seconds(2)) throws -> [RequestRecord] {
        try get("/requests", [RequestRecord].self, timeout: timeout)
    }

    private func get<Value: Decodable>(_ path: String, _ type: Value.Type, timeout: Duration) throws -> Value
    {
        let url = base.appending(path: path)
        let response = try HTTPFetch.get(url, timeout: timeout)
        guard response.head.status.code == 200 else {
            throw StatusError(url: url, status: response.head.status.code)
        }
        return try JSONCoding.decode(type, from: Data(response.body))
    }
}
