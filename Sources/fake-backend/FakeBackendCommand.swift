import LeakLab

@main
struct FakeBackendCommand {
    static let usage = """
        Usage: fake-backend [--host ADDR] [--port N] [--hold SECONDS] [--behaviour NAME]
                            [--trickle-interval MS] [--status-interval SECONDS] [--max-body-bytes N]
                            [--healthcheck]

        A model server that holds every API request open (3600 s by default), counts held requests exactly,
        and notices the moment a peer hangs up. Each API answers in its own wire format after the hold:
          POST /v1/chat/completions  /v1/completions  /v1/embeddings  /v1/responses   (OpenAI)
          POST /v1/messages                                                            (Anthropic)
        A body with "stream": true is answered with server-sent events (chunked), except for embeddings.
        Serves GET /stats (JSON), /requests (records), /metrics (Prometheus), /health.

          --host ADDR              address to bind (env BACKEND_HOST; default 127.0.0.1)
          --port N                 port (env BACKEND_PORT; default 5001)
          --hold SECONDS           how long API requests are held (env HOLD_SECONDS; default 3600)
          --behaviour NAME         what a held stream request sends before the hold ends
                                   (env BACKEND_BEHAVIOUR):
                                     answer     nothing, then the whole stream at once (default)
                                     silent     nothing at all, not even the head (same wire as answer)
                                     headers    the 200 head with text/event-stream at once, then silence
                                     one-chunk  the head and the stream's first event, then silence
                                     trickle    the head, then one event every trickle interval
                                   Non-stream requests are held, then answered, whatever the behaviour.
          --trickle-interval MS    time between two trickled events (env TRICKLE_INTERVAL_MS; default 100)
          --status-interval S      period of the "Active requests: N" line, 0 for none (default 2)
          --max-body-bytes N       largest request body accepted (default 8388608; 413 beyond)
          --healthcheck            GET http://127.0.0.1:PORT/health and exit 0 if it answers 200, else 1

        /stats counts active, started, completed, client_closed, rejected, and for streams streamed_chunks
        and streamed_bytes (events and body bytes written, cumulative); /requests has each request's
        started_at, ended_at, outcome, stream, chunks and bytes.
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
            configuration.behaviour =
                try options.choice("--behaviour", env: "BACKEND_BEHAVIOUR", as: BackendBehaviour.self)
                ?? configuration.behaviour
            configuration.trickleInterval = .milliseconds(
                try options.integer(
                    "--trickle-interval", env: "TRICKLE_INTERVAL_MS", default: 100, in: 1...3_600_000))
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
