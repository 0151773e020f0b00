import Foundation
import LabCore
import LabInstalls
import LabRecords

/// `lab lock`: the full resolution of a LiteLLM build and its dependency choices, written as a lock that
/// `--lock FILE` (or `uv pip install --no-deps -r FILE`) installs exactly, on any machine, any day.
public enum LabLock {
    /// Reads `--litellm-version V` (or `--litellm-source DIR`, `--litellm-wheel FILE`) `[--pip R]...
    /// [--resolve-as-of D] [--constraints F] [--out FILE]`, resolves, writes the lock (to standard output
    /// without `--out`); returns the exit status.
    public static func run(_ options: inout CommandOptions, output: LineWriter) throws -> Int32 {
        guard let request = try LabSettings.readBuild(&options) else {
            throw UsageError(
                "lock needs --litellm-version V (or --litellm-source DIR, --litellm-wheel FILE), e.g."
                    + " lab lock --litellm-version 1.61.20 --resolve-as-of release --out my.lock")
        }
        if case .image(let reference) = request {
            throw UsageError(
                "lock resolves builds the lab installs; --litellm-image \(reference) is run as it is")
        }
        if try options.string("--patch") != nil {
            throw UsageError(
                "lock: --patch changes a release's files, not its dependencies: a patched release installs the"
                    + " release's own lock, so lock the release (leave out --patch)")
        }
        let dependencies = try LiteLLMDependencies.read(&options)
        let out = try options.string("--out")
        let log = try options.string("--log") ?? "/dev/stderr"
        try options.finish()
        // Without --out the lock is the standard output: what the lab says goes to standard error.
        let progress = out == nil ? LineWriter.standardError() : output
        let say: (String) -> Void = { progress.write("[lock] \($0)") }
        let installer = LiteLLMInstaller()
        let build = try LiteLLMUnderTest.resolve(request, installer: installer, say: say)
        guard let lock = try installer.lock(for: build, dependencies: dependencies, log: log, progress: say)
        else {
            return CommandFailure.softwareExitCode
        }
        guard let out else {
            FileHandle.standardOutput.write(Data(lock.text.utf8))
            return 0
        }
        try lock.text.write(toFile: out, atomically: true, encoding: .utf8)
        say(
            "\(lock.pins.count) packages, resolved as of \(lock.resolvedAsOf), sha256 \(lock.sha256.prefix(12)): \(out)"
        )
        return 0
    }
}
