@testable import LabEventLoop
import LabTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Opens and hangs up connections on one event loop, `concurrency` at a time, until `target` complete
/// requests have been sent and hung up.
///
/// Each connection follows a seeded plan: send the whole request or only a prefix of it (possibly
/// nothing, possibly closing before the connect finished), then hang up at once or after a delay.
final class ChurnDriver {
    /// What one connection does.
    struct Plan {
        /// How many bytes of the request it sends before hanging up.
        var bytes: Int
        /// When it hangs up after sending them.
        var delay: Duration?
        /// Closes right after starting the connect, sending nothing.
        var closeWhileConnecting = false
    }

    /// What happened, for the test's report.
    struct Tally {
        var completeHungUp = 0
        var incompleteHungUp = 0
        var closedWhileConnecting = 0
        var failures: [String: Int] = [:]
    }

    let loop: EventLoop
    let port: Int
    let progress: ChurnProgress
    private(set) var tally = Tally()
    private let target: Int
    private let concurrency: Int
    private var random: SeededRandom
    private var completeLaunched = 0
    private var inFlight = 0
    private var launched = 0

    init(port: Int, target: Int, concurrency: Int, seed: UInt64, progress: ChurnProgress) throws {
        loop = try EventLoop()
        self.port = port
        self.target = target
        self.concurrency = concurrency
        self.progress = progress
        random = SeededRandom(seed: seed)
    }

    /// Runs until the target is reached and every connection is closed.
    func run() throws {
        for _ in 0..<concurrency { launchNext() }
        if inFlight > 0 { try loop.run() }
    }

    /// 127.0.0.2 to 127.0.0.251 in turn.
    fileprivate func nextSourceAddress() -> String {
        launched += 1
        return "127.0.0.\(2 + launched % 250)"
    }

    fileprivate func finished(_ plan: Plan, failure: String?) {
        inFlight -= 1
        let complete = plan.bytes == chatRequest.count
        if let failure {
            tally.failures[failure, default: 0] += 1
            if complete { completeLaunched -= 1 }
        } else if plan.closeWhileConnecting {
            tally.closedWhileConnecting += 1
        } else if complete {
            tally.completeHungUp += 1
            progress.hungUp.add(1, ordering: .sequentiallyConsistent)
        } else {
            tally.incompleteHungUp += 1
        }
        launchNext()
    }

    private func launchNext() {
        guard completeLaunched < target, tally.failures.values.reduce(0, +) < 100 else {
            if inFlight == 0 { loop.stop() }
            return
        }
        let plan = nextPlan()
        if plan.bytes == chatRequest.count { completeLaunched += 1 }
        inFlight += 1
        ChurnConnection(driver: self, plan: plan).start()
    }

    /// One in five connections hangs up before its request is complete; the rest send it whole.
    private func nextPlan() -> Plan {
        if random.chance(0.2) {
            if random.chance(0.1) { return Plan(bytes: 0, delay: nil, closeWhileConnecting: true) }
            let bytes = Int.random(in: 0..<chatRequest.count, using: &random)
            return Plan(
                bytes: bytes,
                delay: random.chance(0.5) ? nil : .microseconds(Int.random(in: 0...10_000, using: &random)))
        }
        let delay: Duration? =
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<4: nil
            case 4..<7: .microseconds(Int.random(in: 0...2_000, using: &random))
            // Long enough that the backend has almost surely counted the request: a hang-up while held.
            default: .microseconds(Int.random(in: 5_000...30_000, using: &random))
            }
        return Plan(bytes: chatRequest.count, delay: delay)
    }
}

/// One churn connection: connect, write the planned bytes, hang up.
private final class ChurnConnection: EventHandler {
    private unowned let driver: ChurnDriver
    private let plan: Plan
    private var descriptor: Int32 = -1
    private var written = 0
    private var countedAsSent = false
    private var isWaiting = false
    private var isDone = false

    typealias Plan = ChurnDriver.Plan

    init(driver: ChurnDriver, plan: Plan) {
        self.driver = driver
        self.plan = plan
    }

    func start() {
        descriptor = Self.startConnect(port: driver.port, source: driver.nextSourceAddress())
        guard descriptor >= 0 else { return end(failure: "connect: errno \(errno)") }
        if plan.closeWhileConnecting { return end(failure: nil) }
        do {
            try driver.loop.register(descriptor, for: .writable, handler: self)
        } catch {
            end(failure: "register: \(error)")
        }
    }

    func handle(_ events: IOEvents) {
        guard !isDone else { return }
        if isWaiting {
            // A held request gets no byte and no close from the backend: anything here is a bug.
            return end(failure: "the backend answered or closed a request it should hold")
        }
        if events.contains(.error) || Socket.pendingError(descriptor) != 0 {
            return end(failure: "connect failed: errno \(Socket.pendingError(descriptor))")
        }
        // Counted before the request's last bytes go, as the hang-up is before the close: the backend may count
        // the request before this thread runs again, and the sampler checks it never counts more than were sent.
        if plan.bytes == chatRequest.count && !countedAsSent {
            countedAsSent = true
            driver.progress.sent.add(1, ordering: .sequentiallyConsistent)
        }
        switch Socket.write(descriptor, chatRequest[written..<plan.bytes]) {
        case .success(let count):
            written += count
            guard written == plan.bytes else { return }
        case .failure(let error):
            return end(failure: "send: \(error)")
        }
        guard let delay = plan.delay else { return end(failure: nil) }
        isWaiting = true
        try? driver.loop.modify(descriptor, interest: [.readable, .peerHangUp])
        driver.loop.schedule(after: delay) { [self] in end(failure: nil) }
    }

    /// Starts a non-blocking connect to `127.0.0.1:port` from `source`, with the port picked at connect time.
    ///
    /// The hang-ups leave each client port in TIME_WAIT for a minute; spreading them over 250 loopback
    /// source addresses keeps the test clear of `tcp_tw_reuse` settings and of other tests' ports.
    private static func startConnect(port: Int, source: String) -> Int32 {
        let descriptor = socket(
            AF_INET,
            Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return -1 }
        var enable: Int32 = 1
        setsockopt(
            descriptor, Int32(IPPROTO_IP), IP_BIND_ADDRESS_NO_PORT, &enable,
            socklen_t(MemoryLayout<Int32>.size))
        func connectTo(
            _ host: String, port: Int, _ call: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Int32
        ) -> Int32 {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr(host)
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    call(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        guard connectTo(source, port: 0, { bind($0, $1, $2) }) == 0,
            connectTo("127.0.0.1", port: port, { connect($0, $1, $2) }) == 0 || errno == EINPROGRESS
        else {
            let code = errno
            close(descriptor)
            errno = code
            return -1
        }
        return descriptor
    }

    private func end(failure: String?) {
        guard !isDone else { return }
        isDone = true
        // Counted before the close: the backend may count the hang-up as soon as the socket closes, and
        // the sampler checks that it never counts more than were hung up.
        driver.finished(plan, failure: failure)
        if descriptor >= 0 {
            driver.loop.deregister(descriptor)
            close(descriptor)
        }
    }
}
