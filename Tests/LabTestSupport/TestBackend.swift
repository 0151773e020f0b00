import Foundation
import LabAPI
import LabBackend
import LabCore
import LabLoad
import LabWire

#if canImport(Glibc)
    import Glibc
#endif

/// A fake backend on a free loopback port for one test, stopped when the test releases it.
package final class TestBackend {
    /// The running backend.
    package let backend: BackgroundBackend
    /// Its base URL, `http://127.0.0.1:<port>`.
    package let base: HTTPURL

    /// Starts a backend holding API requests for `hold`, with `limits`, streaming along `timeline` and
    /// stalling as `behaviour` says.
    package init(
        hold: Duration = .seconds(3600), limits: HTTPRequestParser.Limits = .init(),
        behaviour: BackendBehaviour = .answer, timeline: FakeBackend.Configuration.StreamTimeline = .init()
    ) throws {
        let configuration = FakeBackend.Configuration(
            port: 0, hold: hold, statusInterval: .zero, limits: limits, behaviour: behaviour,
            timeline: timeline)
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

    /// Polls `/stats` every 2 ms until `condition` holds or `limit` seconds pass.
    ///
    /// - Returns: the last counters read and the seconds waited, or nil seconds when the limit passed.
    package func poll(within limit: Double = 10, until condition: (BackendStats) -> Bool) throws
        -> (stats: BackendStats, seconds: Double?)
    {
        let start = LabClock.monotonicNanoseconds()
        while true {
            let elapsed = Double(LabClock.monotonicNanoseconds() - start) / 1e9
            let stats = try stats()
            if condition(stats) { return (stats, elapsed) }
            if elapsed > limit { return (stats, nil) }
            usleep(2_000)
        }
    }

    /// Seconds until `condition` held, or nil when it did not within `limit`.
    package func secondsUntil(limit: Double = 5, _ condition: (BackendStats) -> Bool) throws -> Double? {
        try poll(within: limit, until: condition).seconds
    }

    /// The counters once `condition` holds, or the last read after `limit` seconds.
    package func stats(within limit: Double = 10, until condition: (BackendStats) -> Bool) throws
        -> BackendStats
    {
        try poll(within: limit, until: condition).stats
    }
}
