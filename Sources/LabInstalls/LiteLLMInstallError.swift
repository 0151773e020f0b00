import LabProcesses
import LabRecords

/// Why a LiteLLM virtual environment could not be prepared or read.
package enum LiteLLMInstallError: Error, Sendable, CustomStringConvertible {
    /// The version is one the lab never installs; the reason says why.
    case refused(String)
    /// A pin is not a requirement (it looks like a pip option).
    case invalidPin(String)
    /// The version is not a release, or `latest` found none.
    case invalidVersion(LiteLLMVersionError)
    /// The Python interpreter that creates venvs is not on `PATH`.
    case pythonNotFound(name: String, searchPath: String)
    /// The cache folder cannot be created or locked.
    case cacheUnusable(path: String, reason: String)
    /// A command could not start.
    case cannotRun(ChildProcessError)
    /// A step failed; `logTail` quotes the end of its output in `log`.
    case stepFailed(step: String, status: ChildProcess.ExitStatus, log: String?, logTail: String)
    /// pip finds no such LiteLLM release.
    case notOnPyPI(version: String, log: String)
    /// A source tree or wheel installed another version of LiteLLM than its metadata declared.
    case versionMismatch(build: String, installed: String?, log: String)
    /// The source tree or wheel cannot be a LiteLLM build.
    case invalidBuild(LiteLLMBuildError)
    /// The install finished without producing the `litellm` command.
    case litellmMissing(venv: String, log: String)
    /// A requirement (an override, a constraint or one LiteLLM needs) has no installable distribution.
    case requirementUnavailable(requirement: String, log: String)
    /// The `--constraints` file cannot be read.
    case unreadableConstraints(path: String, reason: String)
    /// uv could not be installed and what was asked (`neededFor`) cannot be done by pip.
    case uvUnavailable(reason: String, neededFor: String)
    /// A lock cannot be used.
    case lock(LiteLLMLockError)
    /// The venv's packages are not the lock's (`problems`, one a package).
    case lockNotInstalled(venv: String, problems: [String], log: String)
    /// A patch does not apply to the release's files: `failures` names each file and hunk.
    case patchDoesNotApply(patch: String, build: String, failures: [String], log: String)
    /// A tool the install needs (`name`) is not on `PATH`.
    case toolMissing(name: String, neededFor: String)

    /// What failed, what to do, and where the log is.
    package var description: String {
        switch self {
        case .refused(let reason):
            return reason
        case .invalidPin(let pin):
            return
                "'\(pin)' is not a requirement to override (such as uvicorn==0.32.1): pip options are not accepted"
        case .invalidVersion(let error):
            return error.description
        case .pythonNotFound(let name, let searchPath):
            return "\(name) not found on PATH (\(searchPath)): install Python 3 with venv support"
                + " (Debian: apt-get install python3-venv)"
        case .cacheUnusable(let path, let reason):
            return "cannot use the venv cache at \(path): \(reason): set LAB_CACHE_DIR to a writable folder"
        case .cannotRun(let error):
            return error.description
        case .stepFailed(let step, let status, let log, let logTail):
            let hint = step.contains(" -m venv") ? " (Debian: apt-get install python3-venv)" : ""
            let logNote = log.map { "; full log: \($0)" } ?? ""
            return "\(step) failed with \(status)\(hint)\(logNote)" + (logTail.isEmpty ? "" : "\n\(logTail)")
        case .notOnPyPI(let version, let log):
            return "LiteLLM \(version) is not on PyPI as pip sees it: choose a listed version"
                + " (pip index versions litellm); full log: \(log)"
        case .versionMismatch(let build, let installed, let log):
            return "installing \(build) gave "
                + (installed.map { "litellm \($0)" } ?? "no litellm distribution")
                + ": the metadata read before installing was not what was built; full log: \(log)"
        case .invalidBuild(let error):
            return error.description
        case .litellmMissing(let venv, let log):
            return "installing LiteLLM into \(venv) produced no bin/litellm; full log: \(log)"
        case .requirementUnavailable(let requirement, let log):
            return "\(requirement) cannot be installed: the index this machine's pip is configured for has no"
                + " such version (or package); choose a published version (pip index versions"
                + " \(ProxyRequirements.name(of: requirement))) or drop it from --pip/--constraints; full log: \(log)"
        case .unreadableConstraints(let path, let reason):
            return "cannot read the constraints file \(path): \(reason): give --constraints a readable pip"
                + " constraints file (one requirement a line, such as uvicorn<0.30)"
        case .uvUnavailable(let reason, let neededFor):
            return "\(neededFor) needs uv (pip cannot do it), and uv could not be installed: \(reason);"
                + " make sure the index this machine's pip is configured for serves"
                + " \(LiteLLMInstaller.uvRequirement), or give a lock (--lock FILE: pip installs one without uv)"
        case .lock(let error):
            return error.description
        case .lockNotInstalled(let venv, let problems, let log):
            return
                "the venv \(venv) does not hold exactly its lock (\(problems.prefix(5).joined(separator: "; ")))"
                + ": the index may serve other files under the same versions; full log: \(log)"
        case .patchDoesNotApply(let patch, let build, let failures, let log):
            return "--patch \(patch) does not apply to LiteLLM \(build)'s files (its venv is not kept): "
                + failures.joined(separator: "; ")
                + "; make the diff against the release's own files (git diff v\(build) in a LiteLLM checkout, paths"
                + " as a/litellm/...); full log: \(log)"
        case .toolMissing(let name, let neededFor):
            return
                "\(neededFor) needs \(name), which is not on PATH: install it (Debian: apt-get install \(name))"
        }
    }
}
