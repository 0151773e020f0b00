import Foundation
@testable import LabProxies
import Testing

@Suite struct ProxyProcessServerTests {
    /// The lines of a `proxy_cli.py` that declare these click options, as LiteLLM writes them.
    static func cliSource(declaring options: [String]) -> String {
        options.map { "@click.option(\n    \"\($0)\",\n    default=False,\n)" }.joined(separator: "\n")
            + "\n# help text naming an option is no declaration: Ignored under --run_hypercorn\n"
    }

    @Test func theDefaultServerStartsLiteLLMAsItAlwaysWasAndKeepsItsLabel() {
        let server = ProxyProcess.Server.default
        #expect(server.arguments.isEmpty)
        #expect(server.labelSuffix.isEmpty)
        #expect(server.extraRequirements.isEmpty)
        #expect(server.missingFlag(inCLISource: "") == nil)
    }

    @Test(arguments: [
        (ProxyProcess.Server.Kind.gunicorn, 2, ["--run_gunicorn", "--num_workers", "2"], "-gunicorn-w2"),
        (.gunicorn, 1, ["--run_gunicorn"], "-gunicorn-w1"),
        (.uvicorn, 4, ["--num_workers", "4"], "-uvicorn-w4"),
        (.hypercorn, 1, ["--run_hypercorn"], "-hypercorn-w1"),
    ])
    func eachServerIsStartedThroughLiteLLMsOwnFlagsAndNamedByThem(
        kind: ProxyProcess.Server.Kind, workers: Int, arguments: [String], suffix: String
    ) throws {
        let server = try ProxyProcess.Server(kind, workers: workers)
        #expect(server.arguments == arguments)
        #expect(server.labelSuffix == suffix)
        #expect(server.flags == arguments.filter { $0.hasPrefix("--") })
    }

    @Test func onlyHypercornNeedsAPackageTheProxyExtraDoesNotInstall() throws {
        #expect(try ProxyProcess.Server(.hypercorn, workers: 1).extraRequirements == ["hypercorn"])
        #expect(try ProxyProcess.Server(.gunicorn, workers: 3).extraRequirements.isEmpty)
    }

    @Test func hypercornWithSeveralWorkersIsRefusedBecauseLiteLLMRunsItInOneProcess() {
        #expect {
            try ProxyProcess.Server(.hypercorn, workers: 2)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix(
                "LiteLLM runs hypercorn in one process (its --run_hypercorn ignores --num_workers)")
                && text.contains("use --workers 1 with hypercorn")
        }
    }

    @Test func aFlagIsMissingUnlessTheCLIDeclaresItAsAnOption() throws {
        let gunicorn = try ProxyProcess.Server(.gunicorn, workers: 2)
        let hypercorn = try ProxyProcess.Server(.hypercorn, workers: 1)
        let old = Self.cliSource(declaring: ["--num_workers", "--run_gunicorn"])
        #expect(gunicorn.missingFlag(inCLISource: old) == nil)
        #expect(hypercorn.missingFlag(inCLISource: old) == "--run_hypercorn")
        #expect(
            gunicorn.missingFlag(inCLISource: Self.cliSource(declaring: ["--run_gunicorn"]))
                == "--num_workers")
    }

    @Test func aReleaseWithoutTheFlagGetsAnErrorNamingTheReleaseAndTheFlag() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let proxyFolder = scratch.file("lib/python3.11/site-packages/litellm/proxy")
        try FileManager.default.createDirectory(atPath: proxyFolder, withIntermediateDirectories: true)
        try Self.cliSource(declaring: ["--num_workers", "--run_gunicorn"]).write(
            toFile: proxyFolder + "/proxy_cli.py", atomically: true, encoding: .utf8)

        try ProxyProcess.Server(.gunicorn, workers: 2).checkSupported(
            byVenvAt: scratch.path, version: "1.0.0")
        #expect {
            try ProxyProcess.Server(.hypercorn, workers: 1).checkSupported(
                byVenvAt: scratch.path, version: "1.0.0")
        } throws: { error in
            "\(error)"
                == "LiteLLM 1.0.0 cannot run under hypercorn, 1 worker: its CLI has no --run_hypercorn option "
                + "(\(proxyFolder)/proxy_cli.py declares none); choose a release that has it, or another "
                + "--server / --workers"
        }
    }

    @Test func aVenvWithoutTheCLISourceCannotBeCheckedAndSaysSo() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        #expect {
            try ProxyProcess.Server(.gunicorn, workers: 1).checkSupported(
                byVenvAt: scratch.path, version: "1.0.0")
        } throws: { error in
            guard case .cliSourceUnreadable(let version, let venv)? = error as? ProxyProcessError else {
                return false
            }
            return (version, venv) == ("1.0.0", scratch.path)
        }
        // The default server uses no flag: nothing to check, whatever the venv holds.
        try ProxyProcess.Server.default.checkSupported(byVenvAt: scratch.path, version: "1.0.0")
    }
}
