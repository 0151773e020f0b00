extension ChildProcess {
    /// What to run and how: program, arguments, environment, directory, output and group.
    package struct Spec: Sendable {
        /// Where the child's stdout and stderr go.
        package enum Log: Sendable, Hashable {
            /// The lab's own stdout and stderr.
            case inherit
            /// Appended to this file, created if missing.
            case file(String)
        }

        /// The program: a path, or a bare name looked up in `PATH` (the child's, else the lab's).
        ///
        /// A relative path is taken from the lab's working directory, not `workingDirectory`.
        package var executable: String
        /// The arguments after the program name.
        package var arguments: [String]
        /// The child's whole environment (with the lab's token, see ``OrphanGuard``); `nil` passes on the
        /// lab's environment.
        package var environment: [String: String]?
        /// The directory the child starts in; `nil` keeps the lab's.
        var workingDirectory: String?
        /// Where stdout and stderr go; stdin is always `/dev/null`.
        package var log: Log
        /// Whether the child leads a new process group, so ``ChildProcess/stop(grace:)`` reaches
        /// its whole tree. Such a child no longer gets the terminal's Ctrl-C: the lab must stop it.
        package var ownProcessGroup: Bool
        /// How long ``ChildProcess/run(_:)`` and ``ChildProcess/output(_:)`` let it run before stopping it
        /// and throwing ``ChildProcessError/timedOut(commandLine:limit:)``; `nil` (the default): no limit.
        package var timeLimit: Duration? = nil
        /// With a `.file` log: also handed each line of the output as it comes (uv's progress, for the
        /// terminal); ``ChildProcess/run(_:)`` returns once the last line was handed over.
        package var lines: (@Sendable (String) -> Void)? = nil

        /// The program and its arguments joined by spaces, for messages and logs.
        package var commandLine: String {
            ([executable] + arguments).joined(separator: " ")
        }

        /// Describes a process to start.
        ///
        /// - Parameters:
        ///   - executable: A path, or a name looked up in `PATH`.
        ///   - arguments: The arguments after the program name.
        ///   - environment: The whole environment, or `nil` (the default) for the lab's.
        ///   - workingDirectory: The starting directory, or `nil` (the default) for the lab's.
        ///   - log: Where stdout and stderr go; `.inherit` by default.
        ///   - ownProcessGroup: Whether to start a new process group; `false` by default.
        package init(
            _ executable: String,
            _ arguments: [String] = [],
            environment: [String: String]? = nil,
            workingDirectory: String? = nil,
            log: Log = .inherit,
            ownProcessGroup: Bool = false
        ) {
            self.executable = executable
            self.arguments = arguments
            self.environment = environment
            self.workingDirectory = workingDirectory
            self.log = log
            self.ownProcessGroup = ownProcessGroup
        }
    }
}
