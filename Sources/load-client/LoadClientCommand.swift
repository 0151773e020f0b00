import Foundation
import LabAPI
import LabCore
import LabEventLoop
import LabRecords
import Synchronization
import LabLoad
import LeakLab

@main
struct LoadClientCommand {
    static let usage = """
        Usage: load-client --target URL [--requests N] [--timeout SECONDS] [--api-key KEY]
                           [--endpoint NAME] [--stream] [--model NAME]
                           [--behaviour timeout|reset|after-tokens] [--after-tokens K]
                           [--timeout-from sending|arrival] [--arrivals URL] [--arrival-limit SECONDS]
                           [--summary PATH] [--wait-for-file PATH]

        Fires N concurrent requests (by default the original reproduction's non-streaming chat body) and
        gives up on each: by default it closes the TCP connection when the timeout passes, as
        `curl --max-time` does.

          --target URL           where to POST (env TARGET), e.g. http://127.0.0.1:4000/v1/chat/completions;
                                 a URL without a path gets the endpoint's path
          --requests N           concurrent requests (default 10)
          --timeout SECONDS      give up on each request this long after its connection is made (default 1);
                                 a connection not made within 10 s counts as could not connect
          --api-key KEY          sent as Authorization: Bearer KEY (env API_KEY), and as x-api-key
                                 for messages
          --endpoint NAME        the API's body and headers (default chat):
                                   chat         /v1/chat/completions, OpenAI chat messages
                                   completions  /v1/completions, a prompt
                                   embeddings   /v1/embeddings, an input (never streams)
                                   responses    /v1/responses, OpenAI Responses API input
                                   messages     /v1/messages, Anthropic (max_tokens, anthropic-version)
                                   images       /v1/images/generations, a prompt (never streams)
                                   rerank       /v1/rerank, Cohere: a query and documents (never streams)
                                   moderations  /v1/moderations, an input (never streams)
                                   speech       /v1/audio/speech, an input and a voice (audio; never streams)
          --stream               ask for a stream ("stream": true); server-sent events are counted, and
                                 the content they carry in the API's format (chat choices[0].delta.content,
                                 completions choices[0].text, responses response.output_text.delta,
                                 messages content_block_delta's delta.text)
          --model NAME           the model in the body (default gpt-4o;
                                 claude-3-5-sonnet-20241022 for messages)
          --behaviour NAME       how each request is given up on:
                                   timeout       close in order (FIN) at the timeout (default)
                                   reset         abort at the timeout with SO_LINGER 0: the peer sees a reset
                                   after-tokens  close as soon as K content chunks of the stream have
                                                 arrived (opening events such as chat's role chunk do
                                                 not count), else at the timeout
          --after-tokens K       the K of after-tokens (default 1); alone, it implies --behaviour after-tokens
          --timeout-from WHEN    when each request's timeout starts:
                                   sending  when it starts going out (default), as curl --max-time
                                   arrival  when it reached the fake backend: each request carries a token
                                            in its prompt, and the backend answers GET /arrivals?token=T
                                            when that request arrives; a request whose arrival never
                                            becomes known is given up on at the arrival limit
          --arrivals URL         with --timeout-from arrival: the fake backend asked (default: the
                                 target's root)
          --arrival-limit S      with --timeout-from arrival: how long after it was sent a request whose
                                 arrival is not known is given up on anyway (default 30)
          --summary PATH         also write the summary as JSON
          --wait-for-file PATH   wait (up to 60 s) until PATH exists before firing: the collector's go signal

        The summary counts requests sent, timed out (closed in order at the timeout), reset, left mid-stream
        (after K content chunks), answered by status, failed, and the stream events received; and what the
        abandoned requests had received when they gave up: nothing, the head only, events but no content,
        or content (with the totals of events, content chunks and content bytes).
        Exit status: 0 when requests went out, 69 when none could be sent, 64 on bad options; stopped by
        SIGINT or SIGTERM, it writes its summary (saying so) and exits 130 or 143.
        """

    static func main() {
        CommandMain.run("load-client", usage: usage) { options in
            let plan = try LoadPlan.read(&options)
            let summaryPath = try options.string("--summary")
            let goSignal = try options.string("--wait-for-file")
            try options.finish()

            let output = LineWriter.standardOutput()
            // Stopped (compose, Ctrl-C), it ends the load and says so in its summary: the sigwait thread only
            // notes the signal and asks the event loop to stop.
            let stop = Mutex<(signal: Int32?, handle: LoopStopHandle?)>((nil, nil))
            SignalTrap.install { signal in
                stop.withLock {
                    $0.signal = $0.signal ?? signal
                    $0.handle?.requestStop()
                }
            }
            if let goSignal { try FileSignal.wait(for: goSignal, patience: .seconds(60)) }
            var summary = try LoadClient.run(plan, progress: output) { handle in
                stop.withLock {
                    $0.handle = handle
                    if $0.signal != nil { handle.requestStop() }
                }
            }
            let signal = stop.withLock { $0.signal }
            summary.stoppedBy = signal.map(SignalTrap.name(of:))
            if let summaryPath { try JSONCoding.write(summary, to: summaryPath) }
            if let signal { return SignalTrap.exitStatus(for: signal) }
            return summary.sent == 0 ? CommandFailure.unavailableExitCode : 0
        }
    }
}
