import LabCore
import LabEventLoop
import LabLoad

#if canImport(Glibc)
    import Glibc
#endif

/// Requests held open from the bench's own sockets, hung up all at once on demand.
///
/// The bench holds them itself, rather than through `load-client`, so that every hang-up happens in
/// one burst whose instants it records exactly.
///
/// ```swift
/// let held = try HeldConnections(plan: plan) { opened in waitUntilBackendSaw(opened) }
/// let hangUps = held.hangUpAll()
/// ```
final class HeldConnections {
    private var descriptors: [Int32] = []

    /// Opens `plan.requests` connections to the plan's target and sends each the plan's request.
    ///
    /// - Parameters:
    ///   - plan: Where to connect and what to send; its timeout is not used (nothing hangs up on its own).
    ///   - batch: How many connections open before `paced` is called.
    ///   - paced: Called with the number opened so far after each batch: waiting there until the backend
    ///     has accepted them keeps the burst inside its accept queue, which would otherwise drop SYNs
    ///     and stall a connect for a one-second retransmit.
    /// - Throws: ``BenchError`` or `SystemError` when a connection cannot be made; those made are closed.
    init(plan: LoadPlan, batch: Int = 1000, paced: (Int) throws -> Void) throws {
        let address = try SocketAddress.resolve(host: plan.target.host, port: plan.target.port)
        let bytes = plan.requestBytes
        descriptors.reserveCapacity(plan.requests)
        while descriptors.count < plan.requests {
            for _ in 0..<min(batch, plan.requests - descriptors.count) {
                let descriptor = try Socket.startConnect(to: address)
                descriptors.append(descriptor)
                try send(bytes, on: descriptor)
            }
            try paced(descriptors.count)
        }
    }

    deinit { descriptors.forEach { close($0) } }

    /// How many connections are open.
    var count: Int { descriptors.count }

    /// Closes every connection as fast as it can, as clients giving up together do.
    ///
    /// - Returns: The wall-clock instant of each hang-up, taken just before its `close` (so a latency
    ///   measured from it is never understated), in the order they happened.
    func hangUpAll() -> [Double] {
        var instants: [Double] = []
        instants.reserveCapacity(descriptors.count)
        for descriptor in descriptors {
            instants.append(LabClock.unixSeconds())
            close(descriptor)
        }
        descriptors = []
        return instants
    }

    private func send(_ bytes: [UInt8], on descriptor: Int32) throws {
        var pending = bytes[...]
        while !pending.isEmpty {
            // Writable means the connect finished too; its outcome is the socket's pending error.
            try waitUntilWritable(descriptor)
            let code = Socket.pendingError(descriptor)
            guard code == 0 else { throw SystemError("connect", code: code) }
            pending = pending.dropFirst(try Socket.write(descriptor, pending).get())
        }
    }

    private func waitUntilWritable(_ descriptor: Int32) throws {
        var entry = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        while true {
            let ready = poll(&entry, 1, 10_000)
            if ready > 0 { return }
            if ready == 0 {
                let tracking = ConnectionTracking.read().map { " (connection tracking: \($0))" } ?? ""
                throw BenchError(
                    "a connection did not become writable within 10 s: its SYNs were dropped\(tracking)")
            }
            if errno != EINTR { throw SystemError("poll") }
        }
    }
}
