@testable import LabCore
@testable import LabEventLoop
import Testing

import LabTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Collects what handlers and timers saw, in order; used only on the loop's thread.
final class Recorder<Value> {
    private(set) var values: [Value] = []

    func record(_ value: Value) { values.append(value) }
}

/// A connected pair of non-blocking Unix stream sockets, closed when the pair goes away.
///
/// A test that registers `watched` deregisters it before the loop goes away, which would close it too.
final class SocketPair {
    /// The end a test registers with the loop.
    let watched: Int32
    /// The end a test writes to or closes to make `watched` ready.
    private(set) var peer: Int32

    init() throws {
        var ends: [Int32] = [-1, -1]
        let kind = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, kind, 0, &ends) == 0 else { throw SystemError("socketpair") }
        watched = ends[0]
        peer = ends[1]
    }

    deinit {
        close(watched)
        if peer >= 0 { close(peer) }
    }

    /// Writes `text` from the peer end, making `watched` readable.
    func sendFromPeer(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(peer, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Closes the peer end, which the watched end sees as a hang-up.
    func closePeer() {
        close(peer)
        peer = -1
    }

    /// Reads what is waiting on the watched end.
    func readWatched() -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let result = buffer.withUnsafeMutableBytes { Socket.read(watched, into: $0) }
        guard case .bytes(let count) = result else { return "" }
        return String(decoding: buffer.prefix(count), as: UTF8.self)
    }
}

/// An event handler that forwards to a closure, so tests can write handlers inline.
final class ClosureHandler: EventHandler {
    private let body: (IOEvents) -> Void

    init(_ body: @escaping (IOEvents) -> Void) { self.body = body }

    func handle(_ events: IOEvents) { body(events) }
}

extension EventLoop {
    /// Runs the loop with a watchdog, so a loop that never stops fails the test instead of hanging it.
    ///
    /// - Returns: whether the loop stopped by itself, before the watchdog had to stop it.
    func runWithWatchdog(limit: Duration = .seconds(10)) throws -> Bool {
        let watchdog = Recorder<Bool>()
        let timer = schedule(after: limit) { [unowned self] in
            watchdog.record(true)
            stop()
        }
        try run()
        cancel(timer)
        return watchdog.values.isEmpty
    }
}
