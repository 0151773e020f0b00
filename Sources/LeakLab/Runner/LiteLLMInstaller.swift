import Foundation

/// Installs the real LiteLLM proxy from PyPI into cached virtual environments.
///
/// One venv per LiteLLM version and set of extra pins, under `<cacheRoot>/venvs/`, reused by
/// later runs. A venv counts as ready only once its marker file exists, written last, so an
/// interrupted install is removed and redone. An exclusive `flock` per venv keeps two labs from
/// installing the same one at once.
///
/// ```swift
/// let installer = LiteLLMInstaller()
/// let venv = try installer.ensure(version: try LiteLLMVersion("1.61.20"), log: "run/install.log") { print($0) }
/// ```
public struct LiteLLMInstaller: Sendable {
    /// The cache folder; venvs live in its `venvs/` subfolder.
    public var cacheRoot: String
    /// The Python interpreter that creates venvs: a path or a name looked up in `PATH`.
    public var python: String

    /// The name of the file whose presence marks a venv as completely installed.
    static let readyMarker = ".lab-ready"

    /// Creates an installer.
    ///
    /// - Parameters:
    ///   - cacheRoot: The cache folder; ``defaultCacheRoot(environment:)`` by default.
    ///   - python: The interpreter that creates venvs; `python3` by default.
    public init(cacheRoot: String = LiteLLMInstaller.defaultCacheRoot(), python: String = "python3") {
        self.cacheRoot = cacheRoot
        self.python = python
    }

    /// `$LAB_CACHE_DIR`, else `$XDG_CACHE_HOME/litellm-leak-lab`, else `$HOME/.cache/litellm-leak-lab`.
    ///
    /// Empty variables count as unset, as the shell's `${VAR:-default}` has it.
    public static func defaultCacheRoot(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String
    {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let root = value("LAB_CACHE_DIR") { return root }
        let cache = value("XDG_CACHE_HOME") ?? (value("HOME") ?? NSHomeDirectory()) + "/.cache"
        return cache + "/litellm-leak-lab"
    }

    /// Where the venv for `version` and `pins` lives: `venvs/litellm-<version>[-<hash of pins>]`.
    ///
    /// The pins' order and repetitions do not matter.
    public func venvDirectory(version: LiteLLMVersion, pins: [String] = []) -> String {
        let pins = Self.canonical(pins)
        let suffix = pins.isEmpty ? "" : "-" + Self.shortHash(pins.joined(separator: "\n"))
        return "\(cacheRoot)/venvs/litellm-\(version)\(suffix)"
    }

    /// Makes sure a venv with LiteLLM `version` (and its proxy extra) plus `pins` is installed.
    ///
    /// The first run for a version takes about 30 s; later runs return at once.
    ///
    /// - Parameters:
    ///   - version: The LiteLLM release; refused releases throw before anything is installed.
    ///   - pins: Requirements installed on top, such as `openai==1.61.0`.
    ///   - log: The file pip's output is appended to.
    ///   - progress: Receives short lines on what happens, for the user.
    /// - Returns: The ready venv.
    /// - Throws: ``LiteLLMInstallError`` saying what failed and where the log is.
    public func ensure(
        version: LiteLLMVersion, pins: [String] = [], log: String, progress: (String) -> Void
    ) throws(LiteLLMInstallError) -> LiteLLMVenv {
        if let refusal = version.refusal { throw .refused(refusal) }
        if let option = pins.first(where: {
            $0.hasPrefix("-") || $0.trimmingCharacters(in: .whitespaces).isEmpty
        }) {
            throw .invalidPin(option)
        }
        let pins = Self.canonical(pins)
        let root = venvDirectory(version: version, pins: pins)
        try prepareVenv(
            at: root, log: log, progress: progress,
            announcement: "installing LiteLLM \(version) into \(root) (first run only, ~30 s)"
        ) { () throws(LiteLLMInstallError) in
            try installLiteLLM(version, pins: pins, into: root, log: log, progress: progress)
            guard FileManager.default.isExecutableFile(atPath: root + "/bin/litellm") else {
                throw .litellmMissing(venv: root, log: log)
            }
        }
        return LiteLLMVenv(root: root, version: version, pins: pins)
    }

    /// Pins in one order without repetitions, so the same set always names the same venv.
    static func canonical(_ pins: [String]) -> [String] { Set(pins).sorted() }

    /// A stable 8-hex-digit FNV-1a hash (Swift's `Hasher` is seeded per process, so unusable for
    /// names that must be the same in every run).
    static func shortHash(_ text: String) -> String {
        let hash = text.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        return String(String(hash, radix: 16).leftPadded(to: 16).prefix(8))
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
