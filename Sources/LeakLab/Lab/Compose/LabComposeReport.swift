import Foundation
import LabCore
import LabInstalls
import LabRecords
import LabVerdict

/// `lab compose-report --run DIR --litellm-image REF [--exit-code N] [--reason TEXT]`: after a compose run, what
/// a native run leaves beside its verdicts: `report.json` and `junit.xml` (the cell named by the proxy's image,
/// its ID and the LiteLLM version in it), the image's `pip-freeze.txt`, and `run_ended` in `events.jsonl`. A
/// run whose collector wrote no verdict is an INCONCLUSIVE cell, for `reason`.
public enum LabComposeReport {
    /// Reads the options, writes the report; returns the exit status. `environment` names the Docker CLI
    /// (`LAB_DOCKER`).
    public static func run(
        _ options: inout CommandOptions, output: LineWriter,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Int32 {
        guard let path = try options.string("--run") else {
            throw UsageError("compose-report needs --run DIR, the folder of a compose run")
        }
        guard let reference = try options.string("--litellm-image") else {
            throw UsageError(
                "compose-report needs --litellm-image REF, the image the run's litellm service ran")
        }
        let exitCode = try options.integer("--exit-code", default: -1, in: 0...255)
        let reason = try options.string("--reason") ?? "the collector wrote no verdict"
        try options.finish()
        let folder = RunFolder(path: path)
        let record: ComposePlanRecord
        do {
            record = try JSONCoding.read(ComposePlanRecord.self, from: folder.file(ComposePlan.recordFile))
        } catch {
            throw CommandFailure(
                "\(path) has no readable \(ComposePlan.recordFile): not the folder of a compose run (\(error))",
                exitCode: UsageError.exitCode)
        }
        var settings = LabSettings()
        var planned = CommandOptions(record.arguments)
        try settings.read(&planned, for: .run)
        let image = ContainerImage(reference: reference, environment: environment)
        let build = try image.read()
        if let id = build.imageDigest {
            try image.freeze(imageDigest: id).write(
                toFile: folder.file("pip-freeze.txt"), atomically: true, encoding: .utf8)
            try image.lock(imageDigest: id)?.write(
                toFile: folder.file("lock.txt"), atomically: true, encoding: .utf8)
        }
        // The image is the build: what was installed into it is in its freeze, and the cell's command runs it.
        settings.proxy.dependencies = LiteLLMDependencies()
        let recorder = ReportRecorder()
        recorder.recordProxy(build: build, settings: settings, folder: folder)
        var verdict =
            (try? JSONCoding.read(VerdictReport.self, from: folder.file("verdict.json")))
            ?? .unmeasured(
                label: ProxyChoice.litellm.rawValue, reason: reason,
                backend: ComposePlan.backendURL.description,
                expectation: settings.judging.expectation, versions: ["litellm": build.version])
        verdict.versions["litellm"] = build.version
        settings.judging.expectation = verdict.expected
        recorder.record(
            verdict, build: build, settings: settings, scenario: settings.load.scenario, folder: path)
        try recorder.write(into: folder)
        output.write("[lab] \(build): \(verdict.verdict.rawValue); report.json and junit.xml in \(path)")
        if exitCode >= 0 {
            let events = EventLog(terminal: output, prefix: "lab")
            try events.append(to: folder.file("events.jsonl"))
            var ended = LabEvent(.runEnded)
            ended.exitCode = Int32(exitCode)
            events.emit(ended)
        }
        return 0
    }
}
