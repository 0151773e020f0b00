/// A ready virtual environment holding LiteLLM, as ``LiteLLMInstaller`` returns it.
public struct LiteLLMVenv: Sendable {
    /// The venv's folder.
    public let root: String
    /// The LiteLLM release installed.
    public let version: LiteLLMVersion
    /// The extra requirements installed on top, sorted.
    public let pins: [String]

    /// The venv's Python interpreter.
    public var python: String { root + "/bin/python" }
    /// The `litellm` command that starts the proxy.
    public var litellmExecutable: String { root + "/bin/litellm" }

    /// Creates a description of a venv at `root`.
    ///
    /// - Parameters:
    ///   - root: The venv's folder.
    ///   - version: The LiteLLM release in it.
    ///   - pins: The extra requirements installed on top.
    public init(root: String, version: LiteLLMVersion, pins: [String] = []) {
        self.root = root
        self.version = version
        self.pins = pins
    }

    /// The venv's resolved packages as `pip freeze` prints them, for the run's record.
    ///
    /// Results depend on the whole resolved set, since old LiteLLM releases pin few dependencies.
    ///
    /// - Returns: One `name==version` line per package.
    /// - Throws: ``LiteLLMInstallError`` when pip cannot run or fails (its stderr goes to the lab's).
    public func freeze() throws(LiteLLMInstallError) -> String {
        try LiteLLMInstaller.captureOutput(
            .init(root + "/bin/pip", ["freeze", "--disable-pip-version-check"]))
    }
}
