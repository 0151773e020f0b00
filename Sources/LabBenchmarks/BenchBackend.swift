import Foundation
import LabBackend
import LabCore
import LabLoad
import LabProcesses
import LabRecords
import LabWire

/// A backend under measurement, run as a child process so that its memory and CPU are its own.
struct BenchBackend {
    /// Which implementation: the lab's, or the Python peer most people would write.
    enum Kind: String, Codable, Sendable, CaseIterable {
        /// The lab's `fake-backend` (Swift, one epoll loop).
        case fakeBackend = "fake-backend"
        /// `bench/asyncio_backend.py` (Python, asyncio streams).
        case asyncio = "asyncio"
    }

    let kind: Kind
    let process: ChildProcess
    /// The root URL, e.g. `http://127.0.0.1:5100`.
    let url: HTTPURL

    /// Starts a backend on `port` that holds requests for an hour, and waits until it answers `/health`.
    static func start(_ kind: Kind, tools: BenchTools, port: Int, log: String) throws -> BenchBackend {
        let spec: ChildProcess.Spec
        switch kind {
        case .fakeBackend:
            spec = .init(tools.fakeBackend, ["--port", String(port)], log: .file(log))
        case .asyncio:
            spec = .init(tools.python, [tools.asyncioScript, "--port", String(port)], log: .file(log))
        }
        let backend = BenchBackend(
            kind: kind, process: try ChildProcess.spawn(spec),
            url: try HTTPURL(parsing: "http://127.0.0.1:\(port)"))
        do {
            try backend.waitUntilHealthy(log: log)
        } catch {
            backend.stop()
            throw error
        }
        return backend
    }

    /// The API route's URL.
    var apiURL: HTTPURL { url.appending(path: "/v1/chat/completions") }

    /// The counters of `/stats` that every backend serves alike.
    ///
    /// Decoded apart from ``BackendStats`` on purpose: the lab's backend may add counters the Python
    /// peer has no use for, and the bench must still read both.
    struct Counts: Decodable {
        var active: Int
        var started: Int
    }

    /// The fields of a `/requests` record that every backend serves alike (see ``Counts``).
    struct Record: Decodable {
        var id: Int
        var startedAt: Double
        var endedAt: Double?
        var outcome: RequestOutcome
    }

    /// The counters now.
    func stats() throws -> Counts {
        try JSONCoding.decode(Counts.self, from: fetch("/stats", timeout: .seconds(2)))
    }

    /// Every request record, with its `ended_at`.
    func records() throws -> [Record] {
        // Thousands of records make a body of megabytes: more time than a stats poll needs.
        try JSONCoding.decode([Record].self, from: fetch("/requests", timeout: .seconds(20)))
    }

    /// Polls `/stats` until `condition` holds and returns those counters.
    ///
    /// - Throws: ``BenchError`` naming `what` when it does not hold within `timeout`.
    @discardableResult
    func waitFor(
        _ what: String, timeout: Duration, interval: Duration = .milliseconds(20),
        _ condition: (Counts) -> Bool
    ) throws -> Counts {
        let giveUp = LabClock.monotonicNanoseconds() + timeout.nanoseconds
        while true {
            let stats = try self.stats()
            if condition(stats) { return stats }
            guard LabClock.monotonicNanoseconds() < giveUp else {
                throw BenchError(
                    "\(kind.rawValue) did not see \(what) within \(Format.seconds(timeout.seconds)) "
                        + "(active \(stats.active), started \(stats.started))")
            }
            Thread.sleep(forTimeInterval: interval.seconds)
        }
    }

    /// The backend process's memory and CPU now.
    func usage() throws -> ProcessUsage {
        guard let usage = ProcessUsage.read(pid: process.pid) else {
            throw BenchError("\(kind.rawValue) (pid \(process.pid)) is gone: cannot read its usage")
        }
        return usage
    }

    /// Stops the backend: SIGTERM, SIGKILL after 3 s.
    func stop() {
        process.stop(grace: .seconds(3))
    }

    private func waitUntilHealthy(log: String) throws {
        let health = url.appending(path: "/health")
        let giveUp = LabClock.monotonicNanoseconds() + Duration.seconds(15).nanoseconds
        while HealthCheck.failure(of: health, timeout: .seconds(1)) != nil {
            if let status = process.exitStatus() {
                throw BenchError(
                    "\(kind.rawValue) exited (\(status)) before answering; last lines of \(log):\n"
                        + LogFile.tail(log, lines: 10))
            }
            guard LabClock.monotonicNanoseconds() < giveUp else {
                throw BenchError("\(kind.rawValue) did not answer \(health) within 15 s; see \(log)")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    private func fetch(_ path: String, timeout: Duration) throws -> Data {
        let response = try HTTPFetch.get(url.appending(path: path), timeout: timeout)
        guard response.head.status.code == 200 else {
            throw BenchError("GET \(url.appending(path: path)) answered \(response.head.status.code)")
        }
        return Data(response.body)
    }
}
