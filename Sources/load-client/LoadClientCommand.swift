import Foundation
import LeakLab

@main
struct LoadClientCommand {
    static let usage = """
        Usage: load-client --target URL [--requests N] [--timeout SECONDS] [--api-key KEY]
                           [--summary PATH] [--wait-for-file PATH]

        Fires N concurrent non-streaming chat requests (the original reproduction's body) and closes each
        TCP connection when its timeout passes, as `curl --max-time` does.

          --target URL           where to POST (env TARGET), e.g. http://127.0.0.1:4000/v1/chat/completions
          --requests N           concurrent requests (default 10)
          --timeout SECONDS      give up on each request after this long (default 1)
          --api-key KEY          sent as Authorization: Bearer KEY (env API_KEY)
          --summary PATH         also write the summary as JSON
          --wait-for-file PATH   wait (up to 60 s) until PATH exists before firing: the collector's go signal

        Exit status: 0 when requests went out, 69 when none could be sent, 64 on bad options.
        """

    static func main() {
        CommandMain.run("load-client", usage: usage) { options in
            guard let target = try options.url("--target", env: "TARGET") else {
                throw UsageError("--target URL (or TARGET) is required, e.g. http://127.0.0.1:5001/v1/chat/completions")
            }
            var plan = LoadPlan(target: target)
            plan.requests = try options.integer("--requests", default: plan.requests, in: 1...100_000)
            plan.timeout = try options.seconds("--timeout", default: plan.timeout, in: 0.001...86_400)
            plan.apiKey = try options.string("--api-key", env: "API_KEY")
            let summaryPath = try options.string("--summary")
            let goSignal = try options.string("--wait-for-file")
            try options.finish()

            let output = LineWriter.standardOutput()
            if let goSignal { try FileSignal.wait(for: goSignal, patience: .seconds(60)) }
            let summary = try LoadClient.run(plan, progress: output)
            if let summaryPath { try JSONCoding.write(summary, to: summaryPath) }
            return summary.sent == 0 ? CommandFailure.unavailableExitCode : 0
        }
    }
}
