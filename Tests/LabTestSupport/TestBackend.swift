import Foundation
import LabAPI
import LabBackend
import LabCore
import LabLoad
import LabWire
import LabRecords

#if canImport(Glibc)
    import Glibc
#endif

/// A fake backend on a free loopback port for one test, stopped when the test releases it.
package final class TestBackend {
    /// The running backend.
    package let backend: BackgroundBackend
    /// Its base URL, `http://127.0.0.1:<port>`.
    package let base: HTTPURL

    /// Starts a backend holding API requests for `hold`, with `limits`, streaming along `timeline`, stalling as
    /// `behaviour` says, and serving at most as many at once as `slots` says.
    package init(
        hold: Duration = .seconds(3600), limits: HTTPRequestParser.Limits = .init(),
        behaviour: BackendBehaviour = .answer, timeline: FakeBackend.Configuration.StreamTimeline = .init(),
        slots: SlotQueue.Limits? = nil
    ) throws {
        let configuration = FakeBackend.Configuration(
            port: 0, hold: hold, statusInterval: .zero, limits: limits, behaviour: behaviour,
            timeline: timeline, slots: slots)
        backend = try BackgroundBackend(configuration: configuration) {
            try LineWriter(appendingTo: "/dev/null")
        }
        base = try HTTPURL(parsing: "http://127.0.0.1:\(backend.port)")
    }

    deinit { backend.stop() }

    /// The port it listens on.
    package var port: Int { backend.port }

    /// Where the load client posts.
    package var chatURL: HTTPURL { base.appending(path: "/v1/chat/completions") }

    /// Where requests to `endpoint` go.
    package func url(_ endpoint: APIEndpoint) -> HTTPURL { base.appending(path: endpoint.path) }

    /// Every request record, from `/requests`.
    package func records() throws -> [RequestRecord] {
        let response = try HTTPFetch.get(base.appending(path: "/requests"))
        return try JSONCoding.decode([RequestRecord].self, from: Data(response.body))
    }

    /// The counters now.
    package func stats() throws -> BackendStats {
        let response = try HTTPFetch.get(base.appending(path: "/stats"))
        return try JSONCoding.decode(BackendStats.self, from: Data(response.body))
    }

    /// Whether the counters come to satisfy `condition` (polled; the limit only ends a failing test).
    package func reaches(within limit: Duration = .seconds(30), _ condition: (BackendStats) -> Bool) throws
        -> Bool
    {
        try pollUntil(within: limit) { condition(try stats()) }
    }

    /// The counters once `condition` holds, or the last read after `limit`.
    package func stats(within limit: Duration = .seconds(30), until condition: (BackendStats) -> Bool) throws
        -> BackendStats
    {
        var last = try stats()
        _ = try pollUntil(within: limit) {
            last = try stats()
            return condition(last)
        }
        return last
    }
}
