import LabEventLoop
import LabInstalls
import LabProcesses
import LabProxies

// Which exit status each failure ends a command with (documented in `lab --help` and the README).

extension ListenError: ExitStatusProviding {
    public var exitStatus: Int32 { CommandFailure.unavailableExitCode }
}

extension PortCheckError: ExitStatusProviding {
    public var exitStatus: Int32 {
        if case .inUse = self { return CommandFailure.unavailableExitCode }
        return UsageError.exitCode
    }
}

extension LiteLLMConfigError: ExitStatusProviding {
    public var exitStatus: Int32 { UsageError.exitCode }
}

extension LiteLLMInstallError: ExitStatusProviding {
    public var exitStatus: Int32 {
        switch self {
        case .refused, .patchDoesNotApply: CommandFailure.refusedExitCode
        case .invalidPin, .invalidVersion, .unreadableConstraints, .lock: UsageError.exitCode
        case .invalidBuild(.gitFailed), .invalidBuild(.noContainerEngine): CommandFailure.unavailableExitCode
        case .invalidBuild: UsageError.exitCode
        case .pythonNotFound, .cacheUnusable, .notOnPyPI, .requirementUnavailable, .uvUnavailable,
            .toolMissing:
            CommandFailure.unavailableExitCode
        case .cannotRun, .stepFailed, .litellmMissing, .versionMismatch, .lockNotInstalled:
            CommandFailure.softwareExitCode
        }
    }
}

extension UserLiteLLMConfigError: ExitStatusProviding {
    public var exitStatus: Int32 {
        if case .rewriteFailed = self { return CommandFailure.softwareExitCode }
        return CommandFailure.refusedExitCode
    }
}

extension ProxyProcessError: ExitStatusProviding {
    package var exitStatus: Int32 {
        switch self {
        case .serverFlagMissing: CommandFailure.refusedExitCode
        case .workersUnsupported: UsageError.exitCode
        case .cliSourceUnreadable: CommandFailure.unavailableExitCode
        case .notLoopback, .cannotStart, .cannotWriteConfig, .exitedEarly, .notHealthy, .portTaken:
            CommandFailure.softwareExitCode
        }
    }
}
