import Foundation
import LabBackend
import LabInstalls
import LabProxies
import LabRecords
import LabVerdict

extension LabSettings {
    /// Reads the options `command` takes, by ``LabOption/table``, then checks them together.
    package mutating func read(_ options: inout CommandOptions, for command: LabOption.Command)
        throws(UsageError)
    {
        for row in LabOption.table where row.commands.contains(command) { try row.read(&options, &self) }
        if LabOption.searching.contains(command) && machine.versionsAtOnce > 1 { machine.proxyPort = 0 }
        try checkUserConfig()
        if proxy.server != .default && (proxy.choice != .litellm || proxy.externalTarget != nil) {
            throw UsageError(
                "--server and --workers choose how the lab starts LiteLLM: they do not apply to --proxy "
                    + "\(proxy.choice.rawValue) or --target (start your proxy under the server you want)")
        }
    }

    /// `kind` with `workers`, or the usage error saying why LiteLLM cannot run that.
    static func server(_ kind: ProxyProcess.Server.Kind, workers: Int) throws(UsageError)
        -> ProxyProcess.Server
    {
        do {
            return try ProxyProcess.Server(kind, workers: workers)
        } catch {
            throw UsageError(error.description)
        }
    }

    /// Reads `lab matrix`'s `--servers`: `uvicorn,gunicorn:2,hypercorn`, each server with its own workers or
    /// with `--workers`; without it, the one server `--server` chose.
    ///
    /// - Throws: ``UsageError`` naming the wrong item and what is expected.
    func readServers(_ options: inout CommandOptions) throws(UsageError) -> [ProxyProcess.Server] {
        guard let list = try options.string("--servers") else { return [proxy.server] }
        var servers: [ProxyProcess.Server] = []
        for item in list.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false)
            let workers = parts.count == 2 ? Int(parts[1]) : proxy.server.workers
            guard parts.count <= 2, let kind = ProxyProcess.Server.Kind(rawValue: String(parts[0])),
                let workers, (1...64).contains(workers)
            else {
                let kinds = ProxyProcess.Server.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                throw UsageError(
                    "--servers takes SERVER or SERVER:WORKERS items, comma-separated (servers: \(kinds); "
                        + "workers 1-64), such as uvicorn,gunicorn:2,hypercorn; not '\(item)'")
            }
            let chosen = try Self.server(kind, workers: workers)
            if !servers.contains(chosen) { servers.append(chosen) }
        }
        return servers
    }

    /// A user's config replaces the lab's routing, so it goes with LiteLLM and a scenario whose model the
    /// router does not shape (the router scenarios set their own model's timeout and fallbacks).
    private func checkUserConfig() throws(UsageError) {
        guard let userConfig = proxy.userConfig else {
            if proxy.userModel != nil {
                throw UsageError("--model names a model of --litellm-config: give that too")
            }
            return
        }
        guard proxy.choice == .litellm, proxy.externalTarget == nil else {
            throw UsageError("--litellm-config configures LiteLLM: leave out --proxy and --target")
        }
        guard FileManager.default.isReadableFile(atPath: userConfig) else {
            throw UsageError(
                "--litellm-config \(userConfig): no readable file there: give the path of your config.yaml")
        }
        guard !load.scenario.needsLabLiteLLMConfig else {
            throw UsageError(
                "scenario \(load.scenario.name) sets its own model's router settings, pass-through route or files_settings; with "
                    + "--litellm-config yours decide: choose a scenario without them (`lab scenarios`)")
        }
    }
}

extension LabSettings {
    /// Reads the build `lab run` and `lab install-litellm` take: `--litellm-version` (else `LITELLM_VERSION`),
    /// `--litellm-source`, `--litellm-wheel` or `--litellm-image`, at most one of them; nil when none is given.
    static func readBuild(_ options: inout CommandOptions) throws(UsageError) -> LiteLLMBuildRequest? {
        let source = try options.string("--litellm-source")
        let wheel = try options.string("--litellm-wheel")
        let image = try options.string("--litellm-image")
        // The variable is a default for the version, not a second choice beside a tree, a wheel or an image.
        let version = try options.string(
            "--litellm-version", env: source == nil && wheel == nil && image == nil ? "LITELLM_VERSION" : nil)
        let named = [
            version.map(LiteLLMBuildRequest.release), source.map(LiteLLMBuildRequest.source),
            wheel.map(LiteLLMBuildRequest.wheel), image.map(LiteLLMBuildRequest.image),
        ].compactMap { $0 }
        guard named.count <= 1 else {
            throw UsageError(
                "--litellm-version, --litellm-source, --litellm-wheel and --litellm-image each name the build under"
                    + " test: give one of them")
        }
        return named.first
    }
}

extension LabSettings {
    /// Reads `--patch FILE` onto `build`: the release `build` names with FILE applied to its files; `build`
    /// as it is without the option.
    ///
    /// - Throws: ``UsageError`` when FILE is not a readable file or `build` is not a release.
    static func readPatch(_ options: inout CommandOptions, onto build: LiteLLMBuildRequest) throws(UsageError)
        -> LiteLLMBuildRequest
    {
        guard let patch = try options.string("--patch") else { return build }
        guard FileManager.default.isReadableFile(atPath: (patch as NSString).expandingTildeInPath) else {
            throw UsageError(
                "--patch \(patch): no readable file there: give a unified diff (git diff > fix.diff in a LiteLLM"
                    + " checkout)")
        }
        switch build {
        case .release(let version): return .patched(release: version, patch: patch)
        case .patched(let version, _):
            throw UsageError(
                "--patch is given twice (\(version) is patched already): put both changes in one diff")
        case .source, .wheel, .image:
            throw UsageError(
                "--patch applies to a release (--litellm-version V); \(build) is another kind of build: change"
                    + " the source tree itself, or give the release the wheel was built from")
        }
    }
}

extension Scenario {
    /// The catalogue as `lab scenarios` prints it: one line each.
    public static var listing: String {
        let width = catalogue.map(\.name.count).max() ?? 0
        return catalogue.map {
            $0.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.summary
        }
        .joined(separator: "\n")
    }
}
