/// A control proxy's config: a proxy nobody here wrote, whose own documentation predicts what it does when its
/// client leaves, run in the foreground on loopback with a config the lab writes.
package protocol ControlConfig: Sendable {
    /// The proxy's name in messages and its program, e.g. `nginx`.
    var name: String { get }
    /// The loopback port it listens on.
    var port: Int { get }
    /// The folder its config, pid, logs and temporary files go in.
    var prefix: String { get }
    /// The config file's name in `prefix`.
    var configFileName: String { get }
    /// The config file's text.
    var text: String { get }
    /// The arguments that run it in the foreground with the config file at `configFile`.
    func arguments(configFile: String) -> [String]
    /// What it needs in its environment besides `PATH`.
    var environment: [String: String] { get }
}

extension ControlConfig {
    package var environment: [String: String] { [:] }
}
