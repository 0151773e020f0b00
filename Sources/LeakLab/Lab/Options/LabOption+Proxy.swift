import LabInstalls
import LabProxies
import LabRecords

extension LabOption {
    /// The options of ``LabSettings/Proxy``: which proxy, which LiteLLM build and dependencies, its server and
    /// its config.
    static let proxyOptions: [LabOption] = [
        LabOption(
            [
                .init(
                    "--proxy", "P",
                    "litellm (default), or a control from the system's packages, each with the verdict its own"
                        + " documentation predicts for a non-streaming request: nginx (PASS), nginx-ignore-client-abort"
                        + " (LEAK), haproxy (LEAK), haproxy-abortonclose (PASS, measured: docs/servers.md), caddy"
                        + " (PASS), caddy-flush-interval-minus-1 (LEAK)")
            ], for: measuring,
            read: { options, settings throws(UsageError) in
                settings.proxy.choice =
                    try options.choice("--proxy", as: ProxyChoice.self) ?? settings.proxy.choice
            },
            words: { settings in
                settings.proxy.choice == .litellm ? [] : ["--proxy", settings.proxy.choice.rawValue]
            },
            composeRefusal: { settings in
                settings.proxy.choice == .litellm
                    ? nil : "--proxy \(settings.proxy.choice.rawValue): the controls run natively"
            }),
        LabOption(
            [
                .init(
                    "--target", "URL",
                    "a proxy the lab does not start (you wire it to a fake-backend); needs --backend-url"),
                .init(
                    "--backend-url", "URL",
                    "with --target: the base URL of the fake-backend that proxy is wired to"),
                .init("--api-key", "KEY", "with --target: the bearer key that proxy wants"),
            ], for: [.run], carried: false,
            nativeOnly: "--target and --backend-url measure a proxy you run: use the native runtime",
            read: { options, settings throws(UsageError) in
                settings.proxy.externalTarget = try options.url("--target")
                settings.proxy.externalBackend = try options.url("--backend-url")
                settings.proxy.apiKey = try options.headerValue("--api-key")
            },
            words: { settings in
                var words = OptionWords()
                words.add("--target", settings.proxy.externalTarget?.description)
                words.add("--backend-url", settings.proxy.externalBackend?.description)
                return words.words
            }),
        LabOption(
            [
                .init(
                    "--litellm-version", "V",
                    "release under test (env LITELLM_VERSION; default 1.61.20; `latest` = newest)"),
                .init(
                    "--litellm-source", "DIR",
                    "a LiteLLM source tree instead (a git checkout or an unpacked source distribution), installed"
                        + " with its proxy extra into a venv keyed by its content: an edit makes a new venv; reports"
                        + " name its version, git commit and dirty state, and content sha256"),
                .init("--litellm-wheel", "FILE", "a LiteLLM wheel instead, keyed by its sha256"),
                .init(
                    "--litellm-image", "REF",
                    "a LiteLLM container image instead, run as it is (docker run --network host, the lab's config"
                        + " mounted; LAB_DOCKER names the CLI); reports name its version, image ID and registry"
                        + " digests; in matrix and compare: image:REF"),
            ], for: [.run, .drift], carried: false,
            read: { options, settings throws(UsageError) in
                settings.proxy.build = try LabSettings.readBuild(&options) ?? settings.proxy.build
            },
            words: { settings in
                switch settings.proxy.build {
                case LabSettings.Proxy().build: []
                case .release(let version), .patched(let version, _): ["--litellm-version", version]
                case .source(let folder): ["--litellm-source", folder]
                case .wheel(let file): ["--litellm-wheel", file]
                case .image(let reference): ["--litellm-image", reference]
                }
            },
            composeRefusal: { settings in
                switch settings.proxy.build {
                case .release, .patched, .image: nil
                case .source, .wheel:
                    "a source tree or a wheel: compose builds its LiteLLM image from a release (--litellm-version)"
                        + " or runs yours (--litellm-image)"
                }
            }),
        LabOption(
            [
                .init(
                    "--patch", "FILE",
                    "a unified diff applied to the release's own installed files (paths as `git diff` writes them"
                        + " in a LiteLLM checkout: a/litellm/router.py); no checkout needed: the release is installed"
                        + " from its lock into a venv keyed by the lock and the patch's sha256, the diff applied with"
                        + " git apply (a hunk that does not apply: exit 65, nothing kept);"
                        + " named V+STEM (1.110.2+fix-images), reports give the file and its sha256; in matrix and"
                        + " compare: V+FILE")
            ], for: [.run, .drift], carried: false,
            read: { options, settings throws(UsageError) in
                settings.proxy.build = try LabSettings.readPatch(&options, onto: settings.proxy.build)
            },
            words: { settings in
                guard case .patched(_, let patch) = settings.proxy.build else { return [] }
                return ["--patch", patch]
            },
            composeRefusal: { settings in
                guard case .patched = settings.proxy.build else { return nil }
                return
                    "--patch: compose builds its LiteLLM image from a release as released; a patched release runs"
                    + " natively"
            }),
        LabOption(
            [
                .init(
                    "--server", "S",
                    "the server LiteLLM runs under, through its own CLI flags: uvicorn (default), gunicorn"
                        + " (--run_gunicorn: uvicorn workers under a gunicorn master) or hypercorn (--run_hypercorn;"
                        + " the lab installs hypercorn into the venv); a release whose CLI lacks the flag is refused"
                        + " (exit 65)"),
                .init(
                    "--workers", "N", "worker processes (--num_workers; default 1); hypercorn runs one only"),
            ], for: measuring, nativeOnly: "--server and --workers: compose runs the image's own server",
            read: { options, settings throws(UsageError) in
                let server = settings.proxy.server
                settings.proxy.server = try LabSettings.server(
                    try options.choice("--server", as: ProxyProcess.Server.Kind.self) ?? server.kind,
                    workers: try options.integer("--workers", default: server.workers, in: 1...64))
            },
            words: { settings in
                let server = settings.proxy.server
                guard server != .default else { return [] }
                return ["--server", server.kind.rawValue, "--workers", String(server.workers)]
            }),
        LabOption(
            [
                .init(
                    "--setting", "K=V",
                    "LiteLLM config key, repeatable, e.g. general_settings.cancel_on_disconnect=true")
            ], for: measuring,
            read: { options, settings throws(UsageError) in
                settings.proxy.configSettings = try options.strings("--setting")
                // Refused before anything starts: a setting LiteLLM's config cannot take is a typo, not a finding.
                var check = LiteLLMConfig(backendURL: "http://127.0.0.1:1")
                for setting in settings.proxy.configSettings {
                    do {
                        try check.apply(setting: setting)
                    } catch {
                        throw UsageError("--setting \(setting): \(error)")
                    }
                }
            },
            words: { settings in settings.proxy.configSettings.flatMap { ["--setting", $0] } }),
        LabOption(
            [
                .init(
                    "--proxy-env", "K=V",
                    "a variable in LiteLLM's environment, repeatable, e.g. DISABLE_AIOHTTP_TRANSPORT=True (reports"
                        + " name it; a value whose name says KEY, TOKEN, SECRET, PASSWORD or CREDENTIAL is masked)"
                )
            ], for: measuring,
            nativeOnly: "--proxy-env: the image's environment is compose's (set it in compose.yaml)",
            read: { options, settings throws(UsageError) in
                settings.proxy.environment = try options.strings("--proxy-env")
                for variable in settings.proxy.environment {
                    let name = variable.prefix { $0 != "=" }
                    guard name.count < variable.count, let first = name.first, first == "_" || first.isLetter,
                        name.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) })
                    else {
                        throw UsageError(
                            "--proxy-env takes NAME=VALUE, a variable name of letters, digits and _, not '\(variable)'"
                        )
                    }
                }
            },
            words: { settings in settings.proxy.environment.flatMap { ["--proxy-env", $0] } }),
        LabOption(
            [
                .init(
                    "--lock", "FILE",
                    "install exactly this lock (`lab lock` writes one), resolving nothing. Without it a release"
                        + " uses its committed lock (locks/litellm-V.txt) when no --pip, --resolve-as-of or"
                        + " --constraints is given; else the lab resolves with uv (as of the committed lock's day;"
                        + " for a release without one, as of the committed locks' day, or its upload day when later;"
                        + " else today) and keeps that lock. Every run folder has lock.txt and pip-freeze.txt;"
                        + " reports name the lock"),
                .init(
                    "--pip", "REQ",
                    "override a dependency, repeatable, e.g. 'uvicorn==0.32.1': REQ wins over LiteLLM's metadata"
                        + " even where it forbids it (uv --override); the run's install-record.json lists the"
                        + " declared constraints it breaks"),
                .init(
                    "--resolve-as-of", "D",
                    "resolve dependencies as published by the end of day D (YYYY-MM-DD, UTC), release (the day the"
                        + " release was uploaded, read from the index) or today"),
                .init("--constraints", "FILE", "a pip constraints file the resolution must respect"),
            ], for: measuring,
            read: { options, settings throws(UsageError) in
                settings.proxy.dependencies = try LiteLLMDependencies.read(&options)
            },
            words: { settings in settings.proxy.dependencies.words },
            composeRefusal: { settings in
                if settings.proxy.dependencies.constraintsFile != nil {
                    return "--constraints is a file on this machine: give --pip overrides instead"
                }
                if settings.proxy.dependencies.lockFile != nil {
                    return
                        "--lock is a file on this machine (the image installs the release's committed lock by itself)"
                }
                return nil
            }),
        LabOption(
            [
                .init(
                    "--litellm-config", "FILE",
                    "your own LiteLLM config.yaml: kept whole (LiteLLM reads it by its own rules), every model"
                        + " routed to the fake backend in its provider's format (OpenAI-compatible and anthropic/),"
                        + " secrets and os.environ/ references masked in the copy LiteLLM reads and the run keeps; not"
                        + " with the router scenarios"),
                .init(
                    "--model", "NAME", "the model of --litellm-config the load asks for (default its first)"),
            ], for: [.run], nativeOnly: "--litellm-config is read on this machine: use the native runtime",
            read: { options, settings throws(UsageError) in
                settings.proxy.userConfig = try options.string("--litellm-config")
                settings.proxy.userModel = try options.string("--model")
            },
            words: { settings in
                var words = OptionWords()
                words.add("--litellm-config", settings.proxy.userConfig)
                words.add("--model", settings.proxy.userModel)
                return words.words
            }),
    ]
}
