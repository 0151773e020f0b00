import Foundation
import Glibc
import LabCore
import Synchronization
import LabProcesses

/// A proxy under test (the real LiteLLM, or nginx as a control), started on a loopback address in its
/// own process group, so stopping it stops its whole tree.
///
/// ```swift
/// let proxy = try ProxyProcess.startLiteLLM(executable: venv.litellmExecutable, configFile: cfg, port: 4000, log: log)
/// defer { proxy.stop() }
/// try proxy.waitUntilHealthy(timeout: .seconds(60)) { httpGetSucceeds(proxy.baseURL + "/health/liveliness") }
/// ```
package final class ProxyProcess: Sendable {
    /// How long the proxy may take to end after `SIGTERM` before `SIGKILL`: with leaked
    /// requests it can wait minutes for them ("Waiting for background tasks to complete").
    package static let stopGrace: Duration = .seconds(3)

    /// Names the proxy in messages, e.g. `LiteLLM` or `nginx`.
    package let name: String
    /// The proxy's process (the leader of its process group).
    package let child: ChildProcess
    /// The loopback address it listens on.
    package let host: String
    /// The port it listens on.
    package let port: Int
    /// The file its stdout and stderr are appended to.
    package let log: String
    /// How many worker processes serve its requests; each says when it is ready (see ``bootedWorkers``).
    package let workers: Int
    /// The container it runs in, when it runs in one (``startLiteLLMContainer(image:imageDigest:configFile:host:port:log:server:extraEnvironment:callerEnvironment:)``).
    package let container: Container?
    /// Where this start's output begins in ``log`` (an earlier start may have written there).
    private let logStart: UInt64
    /// Set once the proxy exited because its port was taken: it never held the port, so ``stop()`` does not
    /// wait for it.
    private let foundPortTaken = Atomic<Bool>(false)

    /// The proxy's root URL, such as "http://127.0.0.1:4000".
    package var baseURL: String {
        "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }

    init(
        name: String, child: ChildProcess, host: String, port: Int, log: String, workers: Int = 1,
        logStart: UInt64 = 0, container: Container? = nil
    ) {
        self.container = container
        self.name = name
        self.child = child
        self.host = host
        self.port = port
        self.log = log
        self.workers = workers
        self.logStart = logStart
    }

    /// Starts `litellm --config CFG --host HOST --port PORT`, under `server`.
    ///
    /// The proxy gets a small environment: the caller's `PATH` (behind the venv's `bin`, as an
    /// activated venv has it), `HOME` and `LANG`; `LITELLM_LOCAL_MODEL_COST_MAP=True` (newer
    /// versions otherwise download a price list, retrying for seconds); `PYTHONUNBUFFERED=1` (so
    /// the log is current when the proxy is killed); then `extraEnvironment`. Proxy variables
    /// such as `HTTP_PROXY` are left out on purpose: they would divert its calls to the backend.
    ///
    /// - Parameters:
    ///   - executable: The venv's `litellm` (``LiteLLMVenv/litellmExecutable``).
    ///   - configFile: The config, as ``LiteLLMConfig/write(toFile:)`` writes it.
    ///   - host: A loopback address; "127.0.0.1" by default (LiteLLM's own default is 0.0.0.0).
    ///   - port: The port to listen on.
    ///   - log: The file its output is appended to.
    ///   - server: The server and its workers, started through LiteLLM's flags; uvicorn alone by default.
    ///   - extraArguments: More `litellm` options, such as `--detailed_debug`.
    ///   - extraEnvironment: More environment variables, winning over the ones above.
    ///   - callerEnvironment: Where `PATH`, `HOME` and `LANG` come from; the lab's by default.
    /// - Returns: The running proxy; the caller must ``stop()`` it.
    /// - Throws: ``ProxyProcessError`` for a host that is not loopback, or a start that fails.
    package static func startLiteLLM(
        executable: String,
        configFile: String,
        host: String = "127.0.0.1",
        port: Int,
        log: String,
        server: Server = .default,
        extraArguments: [String] = [],
        extraEnvironment: [String: String] = [:],
        callerEnvironment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ProxyProcessError) -> ProxyProcess {
        guard isLoopback(host) else { throw .notLoopback(name: "LiteLLM", host: host) }
        var environment = callerEnvironment.filter { ["HOME", "LANG"].contains($0.key) }
        let venvBin = (executable as NSString).deletingLastPathComponent
        environment["PATH"] = venvBin + ":" + (callerEnvironment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin")
        environment.merge(litellmEnvironment.merging(extraEnvironment) { $1 }) { $1 }
        let arguments =
            ["--config", configFile, "--host", host, "--port", String(port)] + server.arguments
            + extraArguments
        let spec = ChildProcess.Spec(
            executable, arguments, environment: environment, log: .file(log), ownProcessGroup: true)
        let logStart = LogFile.size(log)
        do {
            return ProxyProcess(
                name: "LiteLLM", child: try ChildProcess.spawn(spec), host: host, port: port, log: log,
                workers: server.workers, logStart: logStart)
        } catch {
            throw .cannotStart(name: "LiteLLM", error)
        }
    }

    /// How often ``waitUntilHealthy(timeout:probe:)`` asks: a refused connection costs microseconds, and every
    /// start waits half an interval, on average, for nothing.
    package static let healthPollInterval = Duration.milliseconds(50)

    /// Blocks until `probe` reports the proxy healthy and every worker has booted, polling every 200 ms.
    ///
    /// With several workers the health check answers from whichever worker booted first, while the others
    /// still run their startup: load sent then would reach workers that are not serving yet.
    ///
    /// Fails as soon as the proxy exits: with ``ProxyProcessError/portTaken(name:host:port:log:)`` when its
    /// log since it started says its address was in use (uvicorn's and nginx's words), so that a caller that chose the port can
    /// choose another. On failure the proxy, if running, keeps running: the caller stops it as always.
    ///
    /// - Parameters:
    ///   - timeout: How long to wait; the newest versions take up to 14 s on a first start.
    ///   - probe: Whether the proxy answers, such as a `GET /health/liveliness` returning 200.
    /// - Throws: ``ProxyProcessError`` quoting the last 20 lines of the proxy's log.
    package func waitUntilHealthy(timeout: Duration, probe: () -> Bool) throws(ProxyProcessError) {
        let deadline = LabClock.deadline(after: timeout)
        while true {
            if let status = child.exitStatus() {
                let tail = LogFile.tail(log, lines: 20)
                // The whole log of this start: after uvicorn's bind error, LiteLLM 1.110.2's shutdown logs a
                // traceback of 70 lines and more.
                if LogFile.text(log, from: logStart).lowercased().contains("address already in use") {
                    foundPortTaken.store(true, ordering: .relaxed)
                    throw .portTaken(name: name, host: host, port: port, log: log)
                }
                throw .exitedEarly(name: name, status: status, log: log, logTail: tail)
            }
            if bootedWorkers() >= workers, probe() { return }
            if LabClock.hasPassed(deadline) {
                throw .notHealthy(
                    name: name, timeout: timeout, log: log, logTail: LogFile.tail(log, lines: 20))
            }
            Thread.sleep(forTimeInterval: Self.healthPollInterval.seconds)
        }
    }

    /// How many workers of a proxy with several said they finished their startup (uvicorn's "Application
    /// startup complete.", which every worker prints, under gunicorn too); ``workers`` for a proxy of one, whose
    /// health check is its startup's end.
    func bootedWorkers() -> Int {
        guard workers > 1 else { return workers }
        return LogFile.text(log, from: logStart).components(separatedBy: "Application startup complete.")
            .count - 1
    }

    /// Stops the proxy and its process group: `SIGTERM`, then `SIGKILL` after `grace` (at once for zero: a
    /// proxy known to hold upstream requests would only wait for them).
    ///
    /// - Returns: How the proxy ended; calling again returns the same.
    /// Returns once the proxy's port is free again (at most ``portReleasePatience`` later): `SIGKILL` takes
    /// effect asynchronously, and the next proxy start on the same port must not find it still bound. A proxy
    /// that found its port taken never held it: that port stays someone else's, and is not waited for.
    /// A proxy in a container: the container is removed first, which ends its `docker run`.
    @discardableResult
    package func stop(grace: Duration = stopGrace) -> ChildProcess.ExitStatus {
        container?.remove()
        let status = child.stop(grace: grace)
        guard !foundPortTaken.load(ordering: .relaxed) else { return status }
        let deadline = LabClock.deadline(after: Self.portReleasePatience)
        while (try? PortCheck.ensureFree(host: host, port: port)) == nil && !LabClock.hasPassed(deadline) {
            usleep(20_000)
        }
        return status
    }

    /// What ``stop(grace:)`` is about to do, for people.
    package func stopping(grace: Duration) -> String {
        if container != nil { return "stopping \(name): removing its container" }
        if grace == .zero {
            return "stopping \(name) with SIGKILL: it holds upstream requests, and would wait for them"
        }
        return "stopping \(name) (SIGTERM, then SIGKILL after \(Format.seconds(grace.seconds)))"
    }

    /// How long ``stop(grace:)`` waits for the port to be free after the process group was killed.
    static let portReleasePatience: Duration = .seconds(5)

    /// What LiteLLM itself is given wherever it runs: no price list download (newer versions retry it for
    /// seconds), and unbuffered output (so the log is current when the proxy is killed).
    static let litellmEnvironment = ["LITELLM_LOCAL_MODEL_COST_MAP": "True", "PYTHONUNBUFFERED": "1"]

    /// Whether `host` is a loopback address: "localhost", "::1", or an IPv4 address in 127/8.
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" { return true }
        var address = in_addr()
        return inet_pton(AF_INET, host, &address) == 1 && UInt32(bigEndian: address.s_addr) >> 24 == 127
    }
}
