import Testing

@testable import LabCore
@testable import LabReporting
@testable import LabInstalls
@testable import LabProxies
@testable import LabRecords
@testable import LabVerdict
@testable import LeakLab

@Suite struct ServerOptionsTests {
    /// The usage error `words` get from `command`, or nil when they parse.
    private func usageError(_ command: String, _ words: [String]) -> String? {
        do {
            _ = try parseJob(command, words)
            return nil
        } catch {
            return (error as? UsageError)?.message ?? "not a usage error: \(error)"
        }
    }

    @Test func runAndBisectTakeOneServerWithItsWorkersAndDefaultToUvicornAlone() throws {
        guard case .run(let plain) = try parseJob("run", []),
            case .run(let gunicorn) = try parseJob("run", ["--server", "gunicorn", "--workers", "2"]),
            case .bisect(let bisect, _, _) = try parseJob(
                "bisect", ["--good", "1.90.0", "--bad", "1.61.20", "--server", "hypercorn"])
        else { Issue.record("not two runs and a bisect"); return }
        #expect(plain.proxy.server == .default)
        #expect(gunicorn.proxy.server == (try ProxyProcess.Server(.gunicorn, workers: 2)))
        #expect(bisect.proxy.server == (try ProxyProcess.Server(.hypercorn, workers: 1)))
    }

    @Test func anUnknownServerOrWorkerCountIsAUsageErrorSayingWhatIsAllowed() {
        #expect(
            usageError("run", ["--server", "granian"])
                == "--server must be one of uvicorn, gunicorn, hypercorn, not 'granian'")
        #expect(usageError("run", ["--workers", "0"])?.hasPrefix("--workers") == true)
        #expect(
            usageError("run", ["--server", "hypercorn", "--workers", "2"])?.hasPrefix(
                "LiteLLM runs hypercorn in one process") == true)
    }

    @Test func aServerIsRefusedForAProxyTheLabDoesNotStartAsLiteLLM() {
        #expect(
            usageError("run", ["--proxy", "nginx", "--server", "gunicorn"])?.hasPrefix(
                "--server and --workers choose how the lab starts LiteLLM") == true)
        #expect(
            usageError("run", ["--target", "http://127.0.0.1:9/", "--workers", "2"])?.hasPrefix(
                "--server and --workers choose how the lab starts LiteLLM") == true)
        #expect(usageError("run", ["--proxy", "nginx"]) == nil)
    }

    @Test func matrixTakesServersEachWithItsOwnWorkersOrTheSharedCount() throws {
        guard
            case .matrix(_, _, let servers, _) = try parseJob(
                "matrix",
                [
                    "--versions", "1.61.20", "--servers", "uvicorn,gunicorn:2,hypercorn:1,uvicorn",
                    "--workers", "3",
                ])
        else { Issue.record("not a matrix"); return }
        #expect(
            servers == [
                try ProxyProcess.Server(.uvicorn, workers: 3), try ProxyProcess.Server(.gunicorn, workers: 2),
                try ProxyProcess.Server(.hypercorn, workers: 1),
            ])
        guard
            case .matrix(_, _, let chosen, _) = try parseJob(
                "matrix", ["--versions", "1.61.20", "--server", "gunicorn"])
        else { Issue.record("not a matrix"); return }
        #expect(chosen == [try ProxyProcess.Server(.gunicorn, workers: 1)])
    }

    @Test(arguments: ["apache", "gunicorn:0", "gunicorn:2:3", "gunicorn:two", "uvicorn,,gunicorn"])
    func aWrongServersItemIsNamedInTheUsageError(list: String) {
        let message = usageError("matrix", ["--versions", "1.61.20", "--servers", list])
        #expect(
            message?.hasPrefix("--servers takes SERVER or SERVER:WORKERS items") == true, "\(message ?? "")")
    }

    @Test func hypercornWithSeveralWorkersInAMatrixIsAUsageErrorToo() {
        let message = usageError(
            "matrix", ["--versions", "1.61.20", "--servers", "gunicorn,hypercorn", "--workers", "2"])
        #expect(message?.hasPrefix("LiteLLM runs hypercorn in one process") == true)
    }

    @Test func aReleaseWithoutAServerFlagIsRefusedAndSeveralHypercornWorkersAreAUsageError() {
        let missing = ProxyProcessError.serverFlagMissing(
            server: "hypercorn, 1 worker", flag: "--run_hypercorn", version: "1.0.0", file: "proxy_cli.py")
        #expect(missing.exitStatus == 65)
        #expect(ProxyProcessError.workersUnsupported(server: "hypercorn", workers: 2).exitStatus == 64)
    }

    @Test func theProxyUnderTestIsLabelledByItsServerAndInstallsWhatTheServerNeeds() throws {
        let version = try LiteLLMVersion("1.61.20")
        let build = LiteLLMBuild.release(version)
        var settings = LabSettings()
        let plain = LiteLLMUnderTest(build: build, settings: settings)
        #expect(plain.label == "litellm-1.61.20")
        #expect(plain.dependencies.overrides.isEmpty)

        settings.proxy.dependencies = LiteLLMDependencies(overrides: ["uvicorn==0.32.1"])
        let hypercorn = LiteLLMUnderTest(
            build: build, settings: settings, server: try ProxyProcess.Server(.hypercorn, workers: 1))
        #expect(hypercorn.label == "litellm-1.61.20-hypercorn-w1")
        #expect(hypercorn.dependencies.overrides == ["hypercorn", "uvicorn==0.32.1"])
        // The server's package keys the install, as an override does.
        let installer = LiteLLMInstaller(cacheRoot: "/cache")
        #expect(
            try installer.installKey(build: build, dependencies: hypercorn.dependencies)
                != installer.installKey(build: build, dependencies: settings.proxy.dependencies))

        // A hypercorn the user pinned is kept as pinned, not asked for twice.
        settings.proxy.dependencies = LiteLLMDependencies(overrides: ["Hypercorn==0.17.3"])
        settings.proxy.server = try ProxyProcess.Server(.hypercorn, workers: 1)
        #expect(
            LiteLLMUnderTest(build: build, settings: settings).dependencies.overrides == [
                "Hypercorn==0.17.3"
            ])
    }
}
