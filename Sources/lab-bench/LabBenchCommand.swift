import Foundation
import LabBenchmarks
import LabCore
import LabEventLoop
import LeakLab

@main
struct LabBenchCommand {
    static let usage = """
        Usage: lab-bench [--out DIR] [--only SECTION]... [--bin DIR] [--python PATH] [--base-port N]
                         [--litellm-version V]

        Measures the lab's own speed and footprint beside its peers, in one run (issue 6): backends holding
        1,000 and 10,000 requests (fake-backend against a Python asyncio backend), load methods firing 10 to
        10,000 requests (load-client against one curl per request), time to verdict (PASS and LEAK, with
        nginx as the proxy), one whole `lab run` against the real LiteLLM, by phase and against its floor,
        and LiteLLM installed into empty caches by the lab (uv) and by plain pip.
        Writes DIR/results.md and DIR/results.json. A benchmark, not a test: nothing is asserted.

          --out DIR             where the results go (default bench)
          --only SECTION        hold, load, verdict, lab, install, matrix or bisect; repeatable
                                (default all)
          --bin DIR             where fake-backend, load-client, collector and lab are (default: beside lab-bench)
          --python PATH         Python for the asyncio backend (env PYTHON; default python3)
          --asyncio-script F    the asyncio backend (default bench/asyncio_backend.py)
          --base-port N         first loopback port the scenarios use (default 5100)
          --litellm-version V   release of the whole-run section (env LITELLM_VERSION; default 1.61.20)

        Exit status: 0 when every scenario was measured, 1 when some failed (the results say which),
        64 on bad options, 130 when interrupted (every process it started is stopped, results are not written).
        """

    static func main() {
        CommandMain.run("lab-bench", usage: usage) { options in
            let output = try options.string("--out") ?? "bench"
            let sections = try options.strings("--only").map { word throws(UsageError) in
                guard let section = LabBench.Section(rawValue: word) else {
                    let allowed = LabBench.Section.allCases.map(\.rawValue).joined(separator: ", ")
                    throw UsageError("--only must be one of \(allowed), not '\(word)'")
                }
                return section
            }
            let binFolder = try options.string("--bin") ?? BenchTools.executableFolder()
            let python = try options.string("--python", env: "PYTHON") ?? "python3"
            let script = try options.string("--asyncio-script") ?? "bench/asyncio_backend.py"
            let basePort = try options.integer("--base-port", default: 5100, in: 1024...60_000)
            let version = try options.string("--litellm-version", env: "LITELLM_VERSION")
            try options.finish()

            // Ctrl-C stops every child and lets no new one start: the scenarios left fail at once, and
            // the bench ends with 130 without writing results.
            let interruption = LabInterruption { print($0) }
            SignalTrap.install { interruption.interrupt(signal: $0) }
            let tools = BenchTools(
                binFolder: binFolder, python: try BenchTools.resolvePython(python), asyncioScript: script)
            var settings = LabBench.Settings(
                tools: tools,
                command: (["lab-bench"] + CommandLine.arguments.dropFirst()).joined(separator: " "))
            if !sections.isEmpty { settings.sections = sections }
            settings.basePort = basePort
            settings.litellmVersion = version ?? settings.litellmVersion

            return try interruption.exitStatus {
                let report = try LabBench(settings: settings, output: .standardOutput(timestamps: false))
                    .run()
                // An interrupted bench's figures are no results: the last ones stay.
                try interruption.checkpoint()
                try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
                try JSONCoding.write(report, to: "\(output)/results.json")
                try report.markdown.write(toFile: "\(output)/results.md", atomically: true, encoding: .utf8)
                print("results in \(output)/results.md and \(output)/results.json")
                return report.failures.isEmpty ? 0 : 1
            }
        }
    }
}
