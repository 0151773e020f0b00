import LabProcesses

/// Why a proxy under test could not be started or did not become healthy.
package enum ProxyProcessError: Error, Sendable, CustomStringConvertible {
    /// The host is not a loopback address.
    case notLoopback(name: String, host: String)
    /// The proxy's process could not start.
    case cannotStart(name: String, ChildProcessError)
    /// The proxy's config file could not be written.
    case cannotWriteConfig(name: String, path: String, reason: String)
    /// The proxy exited before it was healthy.
    case exitedEarly(name: String, status: ChildProcess.ExitStatus, log: String, logTail: String)
    /// The proxy did not become healthy in time.
    case notHealthy(name: String, timeout: Duration, log: String, logTail: String)
    /// The proxy exited because another program was listening on its port already.
    case portTaken(name: String, host: String, port: Int, log: String)
    /// The installed LiteLLM's CLI lacks a flag the chosen server needs.
    case serverFlagMissing(server: String, flag: String, version: String, file: String)
    /// The installed LiteLLM's CLI source could not be found, so its flags could not be checked.
    case cliSourceUnreadable(version: String, venv: String)
    /// LiteLLM cannot run this server with this many workers.
    case workersUnsupported(server: String, workers: Int)

    /// What failed, what to do, and the end of the proxy's log.
    package var description: String {
        switch self {
        case .notLoopback(let name, let host):
            return "refusing to run the \(name) proxy on \(host): only loopback addresses (127.0.0.1, ::1,"
                + " localhost) are allowed, so the lab never exposes it"
        case .cannotStart(let name, let error):
            let hint = name == "nginx" ? " (Debian: apt-get install nginx)" : ""
            return "cannot start the \(name) proxy: \(error)\(hint)"
        case .cannotWriteConfig(let name, let path, let reason):
            return "cannot write the \(name) config \(path): \(reason)"
        case .exitedEarly(let name, let status, let log, let logTail):
            return
                "the \(name) proxy exited with \(status) before it was healthy; last lines of \(log):\n\(logTail)"
        case .notHealthy(let name, let timeout, let log, let logTail):
            return "the \(name) proxy was not healthy within \(timeout); last lines of \(log):\n\(logTail)"
        case .portTaken(let name, let host, let port, let log):
            return
                "the \(name) proxy could not listen on \(host):\(port): another program took the port before "
                + "it did (see \(log))"
        case .serverFlagMissing(let server, let flag, let version, let file):
            return
                "LiteLLM \(version) cannot run under \(server): its CLI has no \(flag) option (\(file) declares "
                + "none); choose a release that has it, or another --server / --workers"
        case .cliSourceUnreadable(let version, let venv):
            return
                "cannot tell which servers LiteLLM \(version) can run under: no litellm/proxy/proxy_cli.py in "
                + "\(venv)/lib/*/site-packages; remove that venv so the lab installs it again"
        case .workersUnsupported(let server, let workers):
            return
                "LiteLLM runs \(server) in one process (its --run_\(server) ignores --num_workers), so \(workers) "
                + "workers cannot be measured: use --workers 1 with \(server), or uvicorn or gunicorn for "
                + "several workers"
        }
    }

    /// What failed in one line, without the log's tail (for verdict reasons).
    package var summary: String {
        switch self {
        case .exitedEarly(let name, let status, let log, _):
            "the \(name) proxy exited with \(status) before it was healthy (see \(log))"
        case .notHealthy(let name, let timeout, let log, _):
            "the \(name) proxy was not healthy within \(timeout) (see \(log))"
        case .notLoopback, .cannotStart, .cannotWriteConfig, .portTaken, .serverFlagMissing,
            .cliSourceUnreadable,
            .workersUnsupported:
            description
        }
    }
}
