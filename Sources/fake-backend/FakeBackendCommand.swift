import LabBackend
import LabEventLoop
import LabLoad
import LabWire
import LeakLab

@main
struct FakeBackendCommand {
    static let usage = """
        Usage: fake-backend [--host ADDR] [--port N] [--port-file PATH] [--hold SECONDS] [--behaviour NAME]
                            [--ttft MS] [--token-interval MS] [--tokens N]
                            [--slots N [--queue-limit M]] [--status-interval SECONDS]
                            [--max-body-bytes N] [--healthcheck]

        A model server that holds every API request open (3600 s by default), counts held requests exactly,
        and notices the moment a peer hangs up. Each API answers in its own wire format:
          POST /v1/chat/completions  /v1/completions  /v1/embeddings  /v1/responses   (OpenAI)
          POST /v1/images/generations  /v1/moderations  /v1/audio/speech (OpenAI; speech answers audio/mpeg)
          POST /v1/rerank                                                              (Cohere)
          POST /v1/messages                                                            (Anthropic)
          GET  /v1/realtime (websocket upgrade: session.created, then held) (OpenAI Realtime)
        A JSON answer comes when the hold ends. A body with "stream": true is answered with server-sent
        events (chunked) on a model server's timeline, stalled as --behaviour says (but for embeddings,
        images, moderations, speech and rerank, which never stream).
        Serves GET /stats (JSON), /requests (records), /metrics (Prometheus), /health.

          --host ADDR              address to bind (env BACKEND_HOST; default 127.0.0.1)
          --port N                 port (env BACKEND_PORT; default 5001); 0 binds a free one
          --port-file PATH         once listening, write the port bound to PATH (one line): how a caller
                                   learns the port of --port 0
          --hold SECONDS           how long the model server works on an API request (env HOLD_SECONDS;
                                   default 3600): a JSON answer comes when it ends, and so does the rest
                                   of a stream still held then (stalled, or slower than its timeline)
          --behaviour NAME         where a stream stalls (env BACKEND_BEHAVIOUR). A stream follows a model
                                   server's timeline: the head and the API's opening events at once (chat's
                                   role chunk; message_start and content_block_start; response.created and
                                   three more; none for completions), the first content token after the
                                   time to first token, then one token per interval, then the closing
                                   events (and chat's or completions' usage chunk when stream_options
                                   asks for it). A stalled stream is held until the hold ends or the peer
                                   hangs up:
                                     answer       no stall: the whole timeline, closing events included
                                                  (default)
                                     queued       nothing at all, not even the head
                                     head         the 200 head with text/event-stream only
                                     opening      the head and the opening events, no content
                                     first-token  the opening, then the first token after the TTFT
                                     mid-stream   the opening, then tokens at the interval for the whole
                                                  hold (the answer's words repeat)
                                   Non-stream requests are held, then answered, whatever the behaviour.
          --ttft MS                time to first token (env TTFT_MS; default 200)
          --token-interval MS      time between two content tokens (env TOKEN_INTERVAL_MS; default 50)
          --tokens N               content tokens in a whole answer (env ANSWER_TOKENS; default 11)
          --slots N                model a server with N slots (env BACKEND_SLOTS; default: none, every
                                   request is served at once): at most N requests are held at once, the
                                   others wait in arrival order and get a slot when one is freed: when
                                   its request is answered or its client hangs up, as a model server
                                   aborts the request of a client that disconnected. A request whose body
                                   carries the lab's slot-probe prompt is answered as soon as it has a slot
          --queue-limit M          with --slots: at most M requests wait (env BACKEND_QUEUE_LIMIT; default
                                   no limit, as vLLM's queue); one more is refused with 503 Service
                                   Unavailable, the answer of an overloaded OpenAI-compatible server
          --status-interval S      period of the "Active requests: N" line, 0 for none (default 2)
          --max-body-bytes N       largest request body accepted (default 8388608; 413 beyond)
          --healthcheck            GET http://127.0.0.1:PORT/health and exit 0 if it answers 200, else 1

        /stats counts active, started, completed, client_closed, rejected, and for streams streamed_chunks
        and streamed_bytes (events and body bytes written, cumulative); /requests has each request's
        started_at, ended_at, outcome, stream, chunks and bytes. With --slots, /stats has slots (slots,
        queue_limit, in_use, queued, refused, hold_seconds) and each record its slot_at.
        """

    static func main() {
        CommandMain.run("fake-backend", usage: usage) { options in
            let port = try options.integer("--port", env: "BACKEND_PORT", default: 5001, in: 0...65_535)
            if options.flag("--healthcheck") {
                try options.finish()
                return HealthCheck.probe(try HTTPURL(parsing: "http://127.0.0.1:\(port)/health"))
            }
            let configuration = try FakeBackend.Configuration.read(&options, port: port)
            let portFile = try options.string("--port-file")
            try options.finish()

            let backend = try FakeBackend(configuration: configuration, log: .standardOutput())
            // Bound and listening already: a caller that reads the port can connect at once.
            if let portFile { try FileSignal.raise(portFile, content: "\(backend.boundPort)\n") }
            let stop = backend.stopHandle
            SignalTrap.install { _ in stop.requestStop() }
            try backend.run()
            return 0
        }
    }
}
