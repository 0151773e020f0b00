import Foundation
import LabInstalls
import LabProcesses

extension ProxyProcess {
    /// A container the lab started for a proxy, removed when the proxy stops (or, if the lab dies first, by
    /// ``OrphanGuard``): `docker run --rm` alone would let it outlive a killed `docker run`.
    package struct Container: Sendable {
        /// The Docker CLI, as an absolute path (the watchdog runs with a minimal `PATH`).
        package let docker: String
        /// The container's name, unique to this start.
        let name: String

        /// Removes the container, killing what still runs in it; waits at most 30 s for the engine.
        func remove() {
            var spec = ChildProcess.Spec(docker, ["rm", "--force", name], log: .file("/dev/null"))
            spec.timeLimit = .seconds(30)
            _ = try? ChildProcess.run(spec)
            OrphanGuard.releaseContainer(name, docker: docker)
        }
    }

    /// Starts the LiteLLM of `image` as `litellm --config CFG --host HOST --port PORT` would: the image's own
    /// entrypoint, on the host's network (so loopback is the lab's, where the backend listens), with
    /// `configFile` mounted read-only.
    ///
    /// `extraEnvironment` reaches the container by name only (`--env KEY`), so no value, the master key
    /// included, shows on a command line.
    ///
    /// - Returns: The running proxy, its ``ProxyProcess/child`` the `docker run` whose output goes to `log`;
    ///   ``stop()`` removes the container.
    package static func startLiteLLMContainer(
        image: ContainerImage,
        imageDigest: String,
        configFile: String,
        host: String = "127.0.0.1",
        port: Int,
        log: String,
        server: Server = .default,
        extraEnvironment: [String: String] = [:],
        callerEnvironment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ProxyProcessError) -> ProxyProcess {
        guard isLoopback(host) else { throw .notLoopback(name: "LiteLLM", host: host) }
        let docker: String
        do {
            docker = try ChildProcess.resolveExecutable(image.docker, environment: callerEnvironment)
        } catch {
            throw .cannotStart(name: "LiteLLM", error)
        }
        let container = Container(
            docker: docker,
            name: "leaklab-proxy-\(getpid())-\(String(UInt32.random(in: .min ... .max), radix: 16))")
        // The Docker CLI's own environment, plus what the container gets, passed on by name.
        let passedOn = litellmEnvironment.merging(extraEnvironment) { $1 }
        let environment = callerEnvironment.filter {
            ["PATH", "HOME", "LANG", "DOCKER_HOST"].contains($0.key)
        }
        .merging(passedOn) { $1 }
        let passed = passedOn.keys.sorted()
        let arguments =
            [
                "run", "--rm", "--init", "--name", container.name, "--network", "host",
                "--volume", "\(configFile):/app/config.yaml:ro",
            ]
            + passed.flatMap { ["--env", $0] }
            + [imageDigest, "--config", "/app/config.yaml", "--host", host, "--port", String(port)]
            + server.arguments
        let spec = ChildProcess.Spec(
            docker, arguments, environment: environment, log: .file(log), ownProcessGroup: true)
        let logStart = LogFile.size(log)
        OrphanGuard.guardContainer(container.name, docker: docker)
        do {
            return ProxyProcess(
                name: "LiteLLM", child: try ChildProcess.spawn(spec), host: host, port: port, log: log,
                workers: server.workers, logStart: logStart, container: container)
        } catch {
            container.remove()
            throw .cannotStart(name: "LiteLLM", error)
        }
    }
}
