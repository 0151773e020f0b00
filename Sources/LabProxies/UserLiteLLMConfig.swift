import Foundation
import LabCore
import LabInstalls
import LabProcesses

/// A user's own LiteLLM `config.yaml`, rewritten so that every model goes to the lab's fake backend.
///
/// The rewrite runs with the proxy's own Python (``PythonScript/userConfigRewrite``), its venv's or its image's: LiteLLM reads the file by its own rules (includes
/// merged), names each model's provider, and PyYAML writes the result, so no YAML is parsed here. Everything
/// else in the user's config stays; the lab's own settings win key by key; secrets and `os.environ/`
/// references are masked in the file LiteLLM reads, which is also the one recorded with the run.
///
/// ```swift
/// let models = try UserLiteLLMConfig(path: "my-config.yaml").rewrite(
///     with: [venv.python], labConfig: "lab-config.yaml", into: "litellm-config.yaml",
///     backends: .init(root: "http://127.0.0.1:5001"), log: "rewrite.log")
/// ```
package struct UserLiteLLMConfig: Sendable {
    /// Where the fake backend answers each wire format LiteLLM may speak upstream.
    package struct Backends: Sendable, Encodable {
        /// OpenAI-compatible providers' `api_base`: the backend's root with `/v1` (LiteLLM appends only the
        /// endpoint's path to it).
        package let openai: String
        /// Anthropic's `api_base`: the backend's root (LiteLLM appends `/v1/messages`).
        package let anthropic: String

        /// The backends of one fake backend at `root`, such as `http://127.0.0.1:5001`.
        package init(root: String) {
            openai = root + "/v1"
            anthropic = root
        }
    }

    /// A model of the user's config and the provider LiteLLM names for it.
    package struct RoutedModel: Sendable, Decodable, Equatable {
        /// The `model_name` clients ask for.
        package let name: String
        /// The provider LiteLLM resolves, such as `openai` or `anthropic`.
        package let provider: String
        /// The wire format the fake backend answers it in: `openai` or `anthropic`.
        package let format: String
    }

    /// A key of the user's config the lab left out, because it needs something the lab does not run.
    package struct DroppedKey: Sendable, Codable, Equatable {
        /// The key, such as `general_settings.database_url`.
        package let key: String
        /// Why, and whether it could change what is measured.
        package let reason: String
    }

    /// What the rewrite made of the user's config.
    package struct Rewritten: Sendable, Decodable {
        /// The user's models, in their order.
        package let models: [RoutedModel]
        /// The keys left out, with why.
        package let dropped: [DroppedKey]
    }

    private struct Outcome: Decodable {
        let models: [RoutedModel]?
        let dropped: [DroppedKey]?
        let error: String?
    }

    /// The user's file.
    package let path: String

    /// The config at `path`.
    ///
    /// - Throws: ``UserLiteLLMConfigError/missing(path:)`` when there is no readable file there.
    package init(path: String) throws(UserLiteLLMConfigError) {
        guard FileManager.default.isReadableFile(atPath: path) else { throw .missing(path: path) }
        self.path = path
    }

    /// Writes the rewritten config to `output`: the user's models routed to `backends`, then the lab's own
    /// models and settings from `labConfig` (a config ``LiteLLMConfig`` wrote).
    ///
    /// - Parameters:
    ///   - python: The proxy venv's Python.
    ///   - log: Where the script's stderr goes.
    /// - Returns: The user's models, in their order, and the keys left out (a database, Redis, callbacks and
    ///   guardrails that send outside: what the lab does not run).
    /// - Throws: ``UserLiteLLMConfigError`` naming what LiteLLM could not read or the model the backend
    ///   cannot emulate.
    package func rewrite(
        with python: [String], labConfig: String, into output: String, backends: Backends, log: String
    ) throws -> Rewritten {
        let backendsJSON = String(decoding: try JSONEncoder().encode(backends), as: UTF8.self)
        var spec = ChildProcess.Spec(
            python[0],
            python.dropFirst() + [
                "-c", PythonScript.userConfigRewrite.text, path, labConfig, output, backendsJSON,
            ],
            log: .file(log))
        spec.timeLimit = .seconds(120)
        let (status, stdout) = try ChildProcess.output(spec)
        let outcome = stdout.split(separator: "\n").last.flatMap {
            try? JSONCoding.decode(Outcome.self, from: Data($0.utf8))
        }
        if let error = outcome?.error { throw UserLiteLLMConfigError.refused(path: path, reason: error) }
        guard status == .exited(0), let models = outcome?.models else {
            throw UserLiteLLMConfigError.rewriteFailed(path: path, status: status.description, log: log)
        }
        return Rewritten(models: models, dropped: outcome?.dropped ?? [])
    }
}

/// Why a user's LiteLLM config cannot be used.
package enum UserLiteLLMConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No readable file at the path.
    case missing(path: String)
    /// LiteLLM cannot read it, or a model goes to a provider the fake backend cannot emulate.
    case refused(path: String, reason: String)
    /// The rewrite itself failed (its log says why).
    case rewriteFailed(path: String, status: String, log: String)

    /// What is wrong and what to do.
    package var description: String {
        switch self {
        case .missing(let path):
            return "--litellm-config \(path): no readable file there: give the path of your config.yaml"
        case .refused(let path, let reason):
            return "--litellm-config \(path): \(reason)"
        case .rewriteFailed(let path, let status, let log):
            return "--litellm-config \(path): rewriting it for the lab failed (\(status)): see \(log)"
        }
    }
}
