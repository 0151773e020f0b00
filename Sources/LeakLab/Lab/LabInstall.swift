import Foundation
import LabCore
import LabInstalls
import LabRecords

/// `lab install-litellm`: LiteLLM installed into a folder of the caller's by the lab's own rules (uv,
/// overrides, resolution day, the refused releases): what the LiteLLM image build runs, so the native
/// runner and the images install one way.
public enum LabInstall {
    /// Reads `--litellm-version V [--patch FILE]` (or `--litellm-source DIR`, `--litellm-wheel FILE`) `--into DIR
    /// [--pip R]... [--resolve-as-of D] [--constraints F]`, installs, writes `DIR/pip-freeze.txt` and
    /// `DIR/install-record.json`; returns the exit status.
    public static func run(_ options: inout CommandOptions, output: LineWriter) throws -> Int32 {
        guard let named = try LabSettings.readBuild(&options), let root = try options.string("--into")
        else {
            throw UsageError(
                "install-litellm needs --litellm-version V (or --litellm-source DIR, --litellm-wheel FILE) and"
                    + " --into DIR, e.g. --into /opt/litellm")
        }
        if case .image(let reference) = named {
            throw UsageError(
                "install-litellm installs into a folder; --litellm-image \(reference) is run as it is")
        }
        let request = try LabSettings.readPatch(&options, onto: named)
        let dependencies = try LiteLLMDependencies.read(&options)
        let log = try options.string("--log") ?? "/dev/stderr"
        try options.finish()
        let say: (String) -> Void = { output.write("[install] \($0)") }
        // The tools it needs (uv) go to a cache of their own, not into the folder.
        var installer = LiteLLMInstaller(
            cacheRoot: ProcessInfo.processInfo.environment["LAB_CACHE_DIR"] ?? NSTemporaryDirectory()
                + "leaklab-install")
        if log != "/dev/stderr" {
            // The installers' whole output goes to the log: their progress lines are shown as they come.
            installer.installerLines = { output.progress("[install] \($0)") }
        }
        let build = try LiteLLMUnderTest.resolve(request, installer: installer, say: say)
        let venv = try installer.install(
            build: build, dependencies: dependencies, into: root, log: log, progress: say)
        try venv.freeze().write(toFile: root + "/pip-freeze.txt", atomically: true, encoding: .utf8)
        try venv.lockText().write(toFile: root + "/lock.txt", atomically: true, encoding: .utf8)
        let record = try venv.installRecord()
        try JSONCoding.write(record, to: root + "/install-record.json")
        record.summaryLines.forEach(say)
        return 0
    }
}
