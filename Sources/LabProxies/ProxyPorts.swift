import LabProcesses

/// The ports a proxy that binds its own socket (LiteLLM, nginx) is started on: the one the user chose, or
/// loopback ports the lab chooses, a new one for each start that found the last one taken.
///
/// The lab cannot bind such a port and hand it over, so the port it chooses is only vacant when chosen:
/// another program may take it before the proxy binds it. That race is not ruled out, it is detected (the
/// proxy exits with ``ProxyProcessError/portTaken(name:host:port:log:)``) and answered with another port.
///
/// ```swift
/// var ports = ProxyPorts(asked: settings.proxyPort)
/// while true {
///     let proxy = try ProxyProcess.startControl(config(port: try ports.next()), log: log)
///     do { try proxy.waitUntilHealthy(timeout: .seconds(10), probe: probe); return proxy }
///     catch .portTaken where ports.mayRetry { proxy.stop() }
/// }
/// ```
package struct ProxyPorts {
    /// How many ports the lab chooses before giving up: another program taking three in a row is no race.
    static let attempts = 3

    private let asked: Int
    private let host: String
    private var chosen = 0

    /// The ports for `asked` on `host`: that port, or for 0 the ones the lab chooses.
    package init(asked: Int, host: String = "127.0.0.1") {
        self.asked = asked
        self.host = host
    }

    /// The port to start the proxy on now: the one asked for, or a port vacant at this moment.
    package mutating func next() throws(PortCheckError) -> Int {
        guard asked == 0 else { return asked }
        chosen += 1
        return try PortCheck.vacantPort(host: host)
    }

    /// Whether a start that found its port taken may try another: only on ports the lab chose, a few times.
    package var mayRetry: Bool { asked == 0 && chosen < Self.attempts }
}
