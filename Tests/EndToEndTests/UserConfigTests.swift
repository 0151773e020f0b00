import Foundation
@testable import LabCore
@testable import LabVerdict
import Testing

/// An operator's own config: several models and providers, router settings and a fallback, secrets both
/// literal and `os.environ/`. The lab keeps it, routes each model to the fake backend in its provider's
/// format, and measures the operator's model names.
@Suite(.serialized, .enabled(if: endToEndEnabled, "set LAB_E2E=1 (make test does)"))
struct UserConfigTests {
    static let secrets = ["sk-ant-do-not-print", "sk-operator-secret", "hooks.example/T000"]

    static let config = """
        model_list:
          - model_name: gpt-4o
            litellm_params:
              model: openai/gpt-4o
              api_key: os.environ/OPENAI_API_KEY
              rpm: 600
          - model_name: claude-sonnet
            litellm_params:
              model: anthropic/claude-3-5-sonnet-20240620
              api_key: sk-ant-do-not-print
          - model_name: local-llama
            litellm_params:
              model: hosted_vllm/meta-llama/Llama-3.1-8B-Instruct
              api_base: http://gpu-box.internal:8000/v1
        router_settings:
          num_retries: 1
          fallbacks: [{"gpt-4o": ["claude-sonnet"]}]
        litellm_settings:
          request_timeout: 600
          drop_params: true
        general_settings:
          master_key: sk-operator-secret
          slack_webhook_token: hooks.example/T000

        """

    /// Runs `lab run` with the config above (plus `extra` models) and `arguments`; the run folder and output.
    func run(_ arguments: [String], extra: String = "", config: String = Self.config) throws -> (
        status: Int32, output: String, folder: String
    ) {
        let runs = try temporaryFolder("user-config")
        try (config.replacingOccurrences(of: "router_settings:", with: extra + "router_settings:"))
            .write(toFile: runs + "/my-config.yaml", atomically: true, encoding: .utf8)
        let (status, output) = try runProduct(
            "lab",
            ["run", "--litellm-config", "my-config.yaml", "--backend-port", "0", "--proxy-port", "0"]
                + arguments,
            in: runs)
        return (status, output, runs + "/lab-runs/latest")
    }

    @Test func everyModelGoesToTheFakeBackendAndTheOperatorsModelLeaksOnTheReportedRelease() throws {
        let (status, output, folder) = try run(["--litellm-version", "1.61.20", "--expect", "leak"])
        #expect(status == 0, "\(output)")
        let report = try JSONCoding.read(VerdictReport.self, from: folder + "/verdict.json")
        #expect(report.verdict == .leak)
        #expect(output.contains("the load asks for your model gpt-4o"))

        let effective = try String(contentsOfFile: folder + "/litellm-config.yaml", encoding: .utf8)
        let backend = report.backend.split(separator: "/").last ?? ""
        #expect(
            effective.components(separatedBy: "api_base: http://\(backend)").count - 1 == 3,
            "each of the three models at the backend")
        #expect(effective.contains("num_retries: 1") && effective.contains("- claude-sonnet"))
        #expect(effective.contains("drop_params: true") && effective.contains("rpm: 600"))
        #expect(effective.contains("master_key: os.environ/LITELLM_MASTER_KEY"))
        for file in try FileManager.default.contentsOfDirectory(atPath: folder) {
            let text = (try? String(contentsOfFile: folder + "/" + file, encoding: .utf8)) ?? ""
            for secret in Self.secrets + ["os.environ/OPENAI_API_KEY"] {
                #expect(!text.contains(secret), "\(file) holds \(secret)")
            }
        }
        for secret in Self.secrets { #expect(!output.contains(secret)) }
    }

    @Test func theAnthropicModelOfTheConfigIsServedInItsOwnFormatAndLeaksToo() throws {
        let (status, output, _) = try run([
            "--litellm-version", "1.61.20", "--model", "claude-sonnet", "--scenario", "messages", "--expect",
            "leak",
        ])
        #expect(status == 0, "\(output)")
        #expect(lastLine(of: output).hasPrefix("VERDICT: LEAK 10 of 10"))
    }

    @Test func theLabsSettingsWinOverTheConfigsAndCancelOnDisconnectReleasesOnTheNewestRelease() throws {
        let (status, output, folder) = try run([
            "--litellm-version", "1.110.2", "--setting", "general_settings.cancel_on_disconnect=true",
            "--expect",
            "no-leak",
        ])
        #expect(status == 0, "\(output)")
        let effective = try String(contentsOfFile: folder + "/litellm-config.yaml", encoding: .utf8)
        #expect(effective.contains("cancel_on_disconnect: true"))
    }

    @Test func aProviderTheBackendCannotEmulateIsAClearErrorNamingTheModel() throws {
        let extra = """
              - model_name: bedrock-claude
                litellm_params:
                  model: bedrock/anthropic.claude-3-sonnet

            """
        let (status, output, _) = try run(["--litellm-version", "1.61.20"], extra: extra)
        #expect(status == 65, "\(output)")
        #expect(
            output.contains(
                "model bedrock-claude (bedrock/anthropic.claude-3-sonnet) goes to provider bedrock"))
        #expect(output.contains("route it as openai/<model>"))
    }

    @Test(arguments: [
        (
            ["--model", "gpt-5"], Self.config, 64,
            "--model gpt-5 is not in my-config.yaml: choose one of gpt-4o"
        ),
        (
            [], "model_list:\n  - {model_name: gpt-4o\n", 65,
            "LiteLLM cannot read it: while parsing a flow mapping"
        ),
    ])
    func aModelNotInTheConfigAndAConfigThatIsNotYAMLAreRefusedBeforeAnythingStarts(
        arguments: [String], config: String, status expected: Int32, message: String
    ) throws {
        let (status, output, latest) = try run(["--litellm-version", "1.61.20"] + arguments, config: config)
        #expect(status == expected, "\(output)")
        #expect(output.contains(message), "\(output)")
        // Read by the proxy's own Python before the backends start: nothing was started, nothing measured.
        let runs = (latest as NSString).deletingLastPathComponent
        let folders = try FileManager.default.contentsOfDirectory(atPath: runs)
        #expect(
            folders.count == 1 && !folders.contains("latest"), "no run that ended, so no latest: \(folders)")
        let events = try String(contentsOfFile: "\(runs)/\(folders[0])/events.jsonl", encoding: .utf8)
        #expect(events.contains("run_started"))
        for started in ["backend_listening", "process_started", "phase_started"] {
            #expect(!events.contains(started), "\(started) in \(events)")
        }
    }

    /// A config as operators deploy it: a database, Redis routing and cache, callbacks and alerts that send
    /// outside. Each is left out with why (LiteLLM refused the masked database URL, so every run was
    /// INCONCLUSIVE before), and the config the run keeps, which the report shows, lists them.
    @Test func keysThatNeedADatabaseRedisOrOutsideServicesAreLeftOutWithWhyAndTheRunMeasures() throws {
        let deployed = Self.config
            .replacingOccurrences(
                of: "router_settings:\n",
                with:
                    "router_settings:\n  redis_host: os.environ/REDIS_HOST\n  redis_password: os.environ/REDIS_PASSWORD\n"
            )
            .replacingOccurrences(
                of: "litellm_settings:\n",
                with: "litellm_settings:\n  cache: true\n  success_callback: [\"langfuse\"]\n"
            )
            .replacingOccurrences(
                of: "general_settings:\n",
                with: "general_settings:\n  database_url: os.environ/DATABASE_URL\n  alerting: [\"slack\"]\n")
        let (status, output, folder) = try run(
            ["--litellm-version", "1.61.20", "--expect", "leak"], config: deployed)
        #expect(status == 0, "\(output)")
        let kept = try String(contentsOfFile: folder + "/litellm-config.yaml", encoding: .utf8)
        for key in [
            "general_settings.database_url", "general_settings.alerting", "router_settings.redis_host",
            "router_settings.redis_password", "litellm_settings.cache", "litellm_settings.success_callback",
        ] {
            #expect(output.contains("your config's \(key) is left out: "), "\(key) said")
            #expect(kept.contains("# dropped \(key): "), "\(key) listed in the kept config")
        }
        #expect(
            output.contains("it runs in the request path"), "a dropped cache or callback says it may matter")
        let keys = kept.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n")
        #expect(
            !keys.contains("database_url:") && !keys.contains("redis_host:") && !keys.contains("langfuse"))
    }
}
