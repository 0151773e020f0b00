import Foundation
@testable import LabBackend
@testable import LabCore
@testable import LabEventLoop
import LabTestSupport
@testable import LabWire
import Synchronization
@testable import LabRecords

#if canImport(Glibc)
    import Glibc
#endif

/// A backend's `/stats` on loopback whose counters follow a script over a manual clock: at each poll it
/// answers what `script` says for the seconds elapsed on `clock`, or 503 when it says nil (an outage).
///
/// It echoes `/stats?since=T` as the fake backend does, with no request started after T; `/requests` is empty.
/// One connection at a time: the collector polls one after the other.
final class ScriptedStats: Sendable {
    /// Where the collector samples.
    let base: HTTPURL
    private let listener: Int32
    private let stopped = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    init(clock: ManualClock, script: @escaping @Sendable (_ elapsed: Double) -> BackendStats?) throws {
        listener = try Socket.listen(host: "127.0.0.1", port: 0)
        base = try HTTPURL(parsing: "http://127.0.0.1:\(try SocketAddress.local(of: listener).port)")
        Thread { [self] in
            while !stopped.load(ordering: .relaxed) {
                var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
                guard poll(&entry, 1, 50) > 0 else { continue }
                let client = accept(listener, nil, nil)
                guard client >= 0 else { continue }
                if let target = Self.readTarget(from: client) {
                    let bytes = Self.answer(target, script(clock.elapsed)).serialized()
                    _ = bytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                }
                close(client)
            }
            close(listener)
            finished.signal()
        }.start()
    }

    /// Stops answering and closes the listener.
    func stop() {
        stopped.store(true, ordering: .relaxed)
        finished.wait()
    }

    /// Counters with `held` requests open out of `seen` received, the others closed by their clients.
    static func stats(held: Int, seen: Int) -> BackendStats {
        BackendStats(
            active: held, started: seen, completed: 0, clientClosed: seen - held, rejected: 0, time: 0,
            uptimeSeconds: 0)
    }

    /// Ten requests that arrive half a second in, after the baseline, and are held until `release` seconds
    /// (for good when nil).
    static func tenRequests(releasedAt release: Double?) -> @Sendable (Double) -> BackendStats? {
        { elapsed in
            guard elapsed >= 0.5 else { return stats(held: 0, seen: 0) }
            return stats(held: release.map { elapsed >= $0 } == true ? 0 : 10, seen: 10)
        }
    }

    private static func answer(_ target: String, _ scripted: BackendStats?) -> HTTPResponse {
        guard target.hasPrefix("/stats") else { return json(Array("[]".utf8)) }
        guard var stats = scripted else { return HTTPResponse(status: .serviceUnavailable) }
        if let since = target.split(separator: "since=").dropFirst().first.flatMap({ Double($0) }) {
            (stats.since, stats.startedSince) = (since, stats.startedSince ?? 0)
        }
        return json(Array((try? JSONCoding.encode(stats)) ?? Data()))
    }

    private static func json(_ body: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", "application/json")]), body: body)
    }

    /// The request target of the one request on `client`, once it has arrived whole.
    private static func readTarget(from client: Int32) -> String? {
        var parser = HTTPRequestParser()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(client, &buffer, buffer.count, 0)
            guard count > 0 else { return nil }
            parser.feed(buffer.prefix(count))
            switch parser.next() {
            case .request(let request): return request.head.target
            case .failure: return nil
            case nil: continue
            }
        }
    }
}
