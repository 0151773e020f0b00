import LabLoad
import LabVerdict

extension VerdictReport {
    /// Whether the proxy's log should say why: an INCONCLUSIVE cell whose proxy answered with server
    /// errors whose bodies said nothing.
    var wantsProxyLogLine: Bool {
        guard verdict == .inconclusive, let load, load.serverErrorLine == nil else { return false }
        return load.answeredWithServerError > 0
    }

    /// Ends the reason with `line`, the first error of the proxy's log (`ProxyErrorLine.first(inLog:)`),
    /// when the report wants it (see `wantsProxyLogLine`); the printed `VERDICT:` line says it too.
    mutating func noteProxyLog(_ line: String) {
        guard wantsProxyLogLine else { return }
        reason += "; the proxy's log said: \(line)"
        decision.reason = reason
    }
}
