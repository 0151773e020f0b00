import LeakLab

@main
struct FakeBackendCommand {
    static let usage = """
        Usage: fake-backend [--host ADDR] [--port N] [--hold SECONDS] [--status-interval SECONDS]
                            [--max-body-bytes N] [--healthcheck]

        An OpenAI-compatible backend that holds every POST /v1/chat/completions open (3600 s by default),
        counts held requests exactly, and notices the moment a peer hangs up.
        Serves GET /stats (JSON), /requests (records), /metrics (Prometheus), /health.

          --host ADDR              address to bind (env BACKEND_HOST; default 127.0.0.1)
          --port N                 port (env BACKEND_PORT; default 5001)
          --hold SECONDS           how long API requests are held (env HOLD_SECONDS; default 3600)
          --status-interval S      period of the "Active requests: N" line, 0 for none (default 2)
          --max-body-bytes N       largest request body accepted (default 8388608; 413 beyond)
          --healthcheck            GET http://127.0.0.1:PORT/health and exit 0 if it answers 200, else 1
        """

    static func main() {
        CommandMain.run("fake-backend", usage: usage) { options in
            let port = try options.integer("--port", env: "BACKEND_PORT", default: 5001, in: 0...65_535)
            if options.flag("--healthcheck") {
                try options.finish()
                return HealthCheck.probe(try HTTPURL(parsing: "http://127.0.0.1:\(port)/health"))
            }
            var configuration = FakeBackend.Configuration(port: port)
            configuration.host = try options.string("--host", env: "BACKEND_HOST") ?? configuration.host
            configuration.hold = try options.seconds(
                "--hold", env: "HOLD_SECONDS", default: configuration.hold, in: 0...31_536_000)
            configuration.statusInterval = try options.seconds(
                "--status-interval", default: configuration.statusInterval, in: 0...86_400)
            configuration.limits.maxBodyBytes = try options.integer(
                "--max-body-bytes", default: configuration.limits.maxBodyBytes, in: 0...1_073_741_824)
            try options.finish()

            let backend = try FakeBackend(configuration: configuration, log: .standardOutput())
            let stop = backend.stopHandle
            SignalTrap.install { _ in stop.requestStop() }
            try backend.run()
            return 0
        }
    }
}
