import Foundation
import LabBackend
import LabCore
import LabLoad
import LabTestSupport
import LabWire
import Testing

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

/// A blocking loopback TCP client that writes raw bytes and reads raw answers, each call bounded in time.
final class LoopbackClient {
    /// How a read to the end finished.
    enum Ending: Equatable {
        /// The server closed the connection (FIN).
        case closed
        /// The connection was reset.
        case reset
        /// Nothing arrived before the receive timeout.
        case timedOut
    }

    let descriptor: Int32
    private var isClosed = false

    /// Connects to `127.0.0.1:port`; reads and writes give up after `timeout`.
    init(port: Int, timeout: Duration = .seconds(5)) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw SystemError("socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let error = SystemError("connect")
            Glibc.close(descriptor)
            throw error
        }
        let (seconds, attoseconds) = timeout.components
        var limit = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close() }

    /// Writes every byte; false when the peer refused them (reset, closed) or the send timed out.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        sendCounting(bytes) == bytes.count
    }

    /// Writes as many bytes as the peer takes before a failure or the send timeout; returns how many.
    func sendCounting(_ bytes: [UInt8]) -> Int {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { break }
            offset += written
        }
        return offset
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Half-closes: sends FIN, keeps reading.
    func shutdownWriting() { shutdown(descriptor, Int32(SHUT_WR)) }

    /// Closes the socket (FIN, as `curl --max-time` does); safe to call twice.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        Glibc.close(descriptor)
    }

    /// Resets the connection (RST instead of FIN), as a crashed or killed client's kernel may.
    func reset() {
        guard !isClosed else { return }
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close()
    }

    /// Reads until the server closes, resets, or nothing arrives for the timeout.
    func readToEnd() -> (bytes: [UInt8], ending: Ending) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count > 0 {
                received += buffer.prefix(count)
                continue
            }
            if count < 0 && errno == EINTR { continue }
            if count == 0 { return (received, .closed) }
            return (received, errno == EAGAIN || errno == EWOULDBLOCK ? .timedOut : .reset)
        }
    }

    /// The status code at the start of whatever the server sent before closing, or nil.
    ///
    /// A server that refuses a request while bytes of it are still arriving may end with a reset instead of a
    /// FIN; its answer still arrives first, so callers check the status and that the connection ended.
    func statusBeforeClose() -> (status: Int?, ending: Ending) {
        let (bytes, ending) = readToEnd()
        var parser = HTTPResponseParser()
        parser.feed(bytes)
        guard case .head(let head)? = parser.next() else { return (nil, ending) }
        return (head.status.code, ending)
    }

    /// Whether the connection is still open with nothing to read: the server neither answered nor closed.
    var isOpenAndSilent: Bool {
        var descriptorPoll = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&descriptorPoll, 1, 0) == 0
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
