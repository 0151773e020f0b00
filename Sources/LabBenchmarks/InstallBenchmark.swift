import Foundation
import LabCore
import LabProcesses

/// How long one install of LiteLLM took, and how.
package struct InstallTiming: Codable, Sendable, Equatable {
    /// Who installed: `lab install-litellm` (uv) or plain pip, the peer.
    package var installer: String
    /// `empty` for a cold install (no download cache, no uv), `warm` for the same again beside it.
    package var cache: String
    /// The release.
    package var litellmVersion: String
    /// From the command's start to its exit, seconds.
    package var seconds: Double
}

/// Installs one LiteLLM release into empty caches with the lab's installer and with plain pip, then once more
/// with the lab's caches warm: the lab's install time beside the peer it replaces, measured in the same run.
struct InstallBenchmark {
    let tools: BenchTools
    let workFolder: String
    let litellmVersion: String

    enum Installer: String, CaseIterable {
        /// `lab install-litellm`: uv with its download cache, venvs linked from it.
        case lab = "lab install-litellm (uv)"
        /// `python3 -m venv` and `pip install --no-cache-dir 'litellm[proxy]==V'`.
        case pip = "pip"
    }

    /// The lab's install into empty caches, the lab's again with those caches warm, and pip's.
    func run() throws -> [InstallTiming] {
        let caches = "\(workFolder)/install-caches"
        var environment = ProcessInfo.processInfo.environment
        // Empty caches of its own: the lab's (uv is installed into it first) and uv's downloads.
        environment["LAB_CACHE_DIR"] = caches + "/lab"
        environment["UV_CACHE_DIR"] = caches + "/uv"
        environment["PIP_NO_CACHE_DIR"] = "1"
        var timings: [InstallTiming] = []
        for cache in ["empty", "warm"] {
            let seconds = try timed(
                tools.lab,
                [
                    "install-litellm", "--litellm-version", litellmVersion, "--into",
                    "\(workFolder)/venv-lab-\(cache)",
                ], environment: environment, log: "install-lab-\(cache).log")
            timings.append(timing(.lab, cache: cache, seconds: seconds))
        }
        let venv = "\(workFolder)/venv-pip"
        let created = try timed(
            tools.python, ["-m", "venv", venv], environment: environment, log: "install-pip-venv.log")
        let installed = try timed(
            venv + "/bin/pip",
            ["install", "--disable-pip-version-check", "-q", "litellm[proxy]==\(litellmVersion)"],
            environment: environment, log: "install-pip.log")
        timings.append(timing(.pip, cache: "empty", seconds: created + installed))
        try? FileManager.default.removeItem(atPath: caches)
        return timings
    }

    private func timing(_ installer: Installer, cache: String, seconds: Double) -> InstallTiming {
        InstallTiming(
            installer: installer.rawValue, cache: cache, litellmVersion: litellmVersion, seconds: seconds)
    }

    /// Runs the command to its end; its wall time in seconds, or an error with its log's tail.
    private func timed(_ program: String, _ arguments: [String], environment: [String: String], log: String)
        throws -> Double
    {
        let logPath = "\(workFolder)/\(log)"
        let started = LabClock.monotonicNanoseconds()
        let child = try ChildProcess.spawn(
            .init(program, arguments, environment: environment, log: .file(logPath)))
        let status = child.waitForExit()
        guard status.isSuccess else {
            throw BenchError(
                "\(program) \(arguments.joined(separator: " ")) ended with \(status):\n"
                    + LogFile.tail(logPath, lines: 10))
        }
        return Double(LabClock.monotonicNanoseconds() - started) / 1e9
    }
}
