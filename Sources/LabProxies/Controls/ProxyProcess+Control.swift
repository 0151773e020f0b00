import Foundation
import LabProcesses

extension ProxyProcess {
    /// Starts a control proxy in the foreground with `config`, its files under `config.prefix`, in a process
    /// group of its own.
    ///
    /// - Parameter log: The file the proxy's own stdout and stderr (startup errors) are appended to.
    /// - Throws: ``ProxyProcessError`` when the proxy is missing or cannot start.
    package static func startControl(_ config: some ControlConfig, log: String) throws(ProxyProcessError)
        -> ProxyProcess
    {
        let configFile = config.prefix + "/" + config.configFileName
        do {
            try FileManager.default.createDirectory(
                atPath: config.prefix + "/tmp", withIntermediateDirectories: true)
            try config.text.write(toFile: configFile, atomically: true, encoding: .utf8)
        } catch {
            throw .cannotWriteConfig(name: config.name, path: configFile, reason: "\(error)")
        }
        // nginx and haproxy live in /usr/sbin, which a non-root PATH often lacks.
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin") + ":/usr/sbin:/sbin"
        let spec = ChildProcess.Spec(
            config.name, config.arguments(configFile: configFile),
            environment: config.environment.merging(["PATH": path]) { $1 }, log: .file(log),
            ownProcessGroup: true)
        do {
            return ProxyProcess(
                name: config.name, child: try ChildProcess.spawn(spec), host: "127.0.0.1", port: config.port,
                log: log)
        } catch {
            throw .cannotStart(name: config.name, error)
        }
    }
}
