import LabWire

/// A container-style health probe: one GET that must answer 200.
package enum HealthCheck {
    /// Why `url` is not healthy right now, or nil when it answers 200.
    package static func failure(of url: HTTPURL, timeout: Duration = .seconds(2)) -> String? {
        do {
            let response = try HTTPFetch.get(url, timeout: timeout)
            return response.head.status.code == 200 ? nil : "GET \(url) answered \(response.head.status.code)"
        } catch {
            return error.description
        }
    }

    /// Probes `url` once for a healthcheck command: prints why it failed and returns the exit status (0 or 1).
    package static func probe(_ url: HTTPURL) -> Int32 {
        guard let failure = failure(of: url) else { return 0 }
        print("unhealthy: \(failure)")
        return 1
    }
}
