import CLinuxEvents
import LabCore
import LabEventLoop
import LabWire
import LabRecords
#if canImport(Glibc)
    import Glibc
#endif

/// The OpenAI- and Anthropic-compatible backend that holds API requests open and counts them exactly.
///
/// ```swift
/// let backend = try FakeBackend(configuration: .init(port: 5001), log: .standardOutput())
/// try backend.run()   // until backend.stopHandle.requestStop()
/// ```
package final class FakeBackend {
    /// How the backend listens, holds and reports; every default matches the original reproduction.
    package struct Configuration: Sendable {
        /// Address to bind; loopback unless a container needs `0.0.0.0`.
        package var host = "127.0.0.1"
        /// TCP port; 0 picks a free one (tests).
        package var port = 5001
        /// How long the model server works on an API request: a JSON answer comes when it ends, and so does
        /// the rest of a stream still held then (stalled, or slower than its timeline), all at once.
        package var hold: Duration = .seconds(3600)
        /// How often `Active requests: N` is logged; zero turns it off.
        package var statusInterval: Duration = .seconds(2)
        /// Parser limits: header block 64 KiB (431 beyond), body 8 MiB (413 beyond).
        package var limits = HTTPRequestParser.Limits()
        /// Where a streaming request stalls (default `answer`: it does not).
        package var behaviour = BackendBehaviour.answer
        /// When a stream's tokens go out (default: first after 200 ms, then one every 50 ms, 11 in all).
        package var timeline = StreamTimeline()
        /// A model server's slots (`--slots`, `--queue-limit`): at most so many requests are served at once, the
        /// others wait or are refused; nil (default) serves every request at once.
        package var slots: SlotQueue.Limits?

        /// The defaults, with any of them overridden.
        package init(
            host: String = "127.0.0.1", port: Int = 5001, hold: Duration = .seconds(3600),
            statusInterval: Duration = .seconds(2), limits: HTTPRequestParser.Limits = .init(),
            behaviour: BackendBehaviour = .answer, timeline: StreamTimeline = .init(),
            slots: SlotQueue.Limits? = nil
        ) {
            self.slots = slots
            self.host = host
            self.port = port
            self.hold = hold
            self.statusInterval = statusInterval
            self.limits = limits
            self.behaviour = behaviour
            self.timeline = timeline
        }
    }

    /// Stops `run()` from any thread.
    package var stopHandle: LoopStopHandle { loop.stopHandle }
    /// The port actually bound (differs from the configuration when it asked for 0).
    package let boundPort: Int
    private let loop: EventLoop
    private let listener: Int32
    private let context: BackendContext

    /// Binds the listening socket at once, so a busy port fails here with a clear error.
    package init(configuration: Configuration, log: LineWriter) throws {
        loop = try EventLoop()
        listener = try Socket.listen(host: configuration.host, port: configuration.port)
        boundPort = try SocketAddress.local(of: listener).port
        context = BackendContext(loop: loop, configuration: configuration, log: log)
        try loop.register(listener, for: .readable, handler: Acceptor(listener: listener, context: context))
    }

    deinit {
        // Taken back from the loop first, which closes whatever is still registered when it goes away.
        loop.deregister(listener)
        close(listener)
    }

    /// The counters now (for in-process callers that stopped the loop).
    package var stats: BackendStats { context.stats }

    /// Serves until stopped, then logs the final counters.
    package func run() throws {
        context.log.write(
            "fake-backend listening on \(context.configuration.host):\(boundPort), "
                + "holding API requests \(context.configuration.hold.seconds) s, "
                + "streams: \(context.configuration.streamDescription)"
                + (context.configuration.slots.map { ", \($0.description)" } ?? ""))
        if context.configuration.statusInterval > .zero { scheduleStatusLine() }
        // The log is buffered per turn of the loop; the listening line must not wait for the first event.
        context.log.flush()
        loop.afterEachIteration { [weak context] in context?.log.flush() }
        defer { context.log.flush() }
        try loop.run()
        let stats = context.stats
        context.log.write(
            "fake-backend stopped: active=\(stats.active) started=\(stats.started) completed=\(stats.completed) "
                + "client_closed=\(stats.clientClosed) rejected=\(stats.rejected) "
                + "streamed_chunks=\(stats.streamedChunks) streamed_bytes=\(stats.streamedBytes)")
    }

    private func scheduleStatusLine() {
        loop.schedule(after: context.configuration.statusInterval) { [weak self] in
            guard let self else { return }
            context.logActiveCount()
            scheduleStatusLine()
        }
    }
}

/// Accepts every pending connection and hands each to its own `BackendConnection`.
private final class Acceptor: EventHandler {
    private let listener: Int32
    private unowned let context: BackendContext

    init(listener: Int32, context: BackendContext) {
        self.listener = listener
        self.context = context
    }

    func handle(_ events: IOEvents) {
        while true {
            let descriptor = accept4(
                listener, nil, nil, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
            if descriptor == -1 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM {
                    // The listener stays readable while connections wait, so level-triggered epoll would call
                    // again at once: stop watching it for a moment instead of spinning.
                    try? context.loop.modify(listener, interest: [])
                    // Weak: the context owns the loop, which owns this timer until it fires.
                    context.loop.schedule(after: .milliseconds(50)) { [listener, weak context] in
                        try? context?.loop.modify(listener, interest: .readable)
                    }
                }
                return
            }
            Socket.disableNagle(descriptor)
            let connection = BackendConnection(descriptor: descriptor, context: context)
            do {
                try context.loop.register(descriptor, for: [.readable, .peerHangUp], handler: connection)
            } catch {
                close(descriptor)
            }
        }
    }
}
