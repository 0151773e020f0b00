import Foundation

extension ProxyProcess {
    /// Starts nginx in the foreground with `config`, its files under `config.prefix`.
    ///
    /// - Parameter log: The file nginx's own stdout and stderr (startup errors) are appended to.
    /// - Throws: ``ProxyProcessError`` when nginx is missing or cannot start.
    package static func startNginx(_ config: NginxConfig, log: String) throws(ProxyProcessError)
        -> ProxyProcess
    {
        let configFile = config.prefix + "/nginx.conf"
        do {
            try FileManager.default.createDirectory(
                atPath: config.prefix + "/tmp", withIntermediateDirectories: true)
            try config.text.write(toFile: configFile, atomically: true, encoding: .utf8)
        } catch {
            throw .cannotWriteConfig(name: "nginx", path: configFile, reason: "\(error)")
        }
        // nginx lives in /usr/sbin, which a non-root PATH often lacks.
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin") + ":/usr/sbin:/sbin"
        let spec = ChildProcess.Spec(
            "nginx", ["-p", config.prefix, "-c", configFile, "-e", config.prefix + "/nginx-error.log"],
            environment: ["PATH": path], log: .file(log), ownProcessGroup: true)
        do {
            return ProxyProcess(
                name: "nginx", child: try ChildProcess.spawn(spec), host: "127.0.0.1", port: config.port,
                log: log)
        } catch {
            throw .cannotStart(name: "nginx", error)
        }
    }
}
