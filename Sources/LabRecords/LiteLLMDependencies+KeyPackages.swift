extension LiteLLMDependencies {
    /// The packages whose versions decide how LiteLLM handles a hang-up, in the order reports list them:
    /// the proxy, its upstream clients, then its server stack (every ASGI server LiteLLM can run on).
    package static let keyPackages = [
        "litellm", "openai", "httpx", "aiohttp", "fastapi", "uvicorn", "gunicorn", "hypercorn", "granian",
        "starlette", "pydantic",
    ]

    /// ``keyPackages`` followed by the packages `overrides` name (normalized), which decide a run too.
    ///
    /// - Parameter overrides: Requirements such as `uvicorn==0.32.1` or `h11==0.14.0`.
    package static func keyPackages(overriding overrides: [String]) -> [String] {
        let overridden = LiteLLMDependencies(overrides: overrides).overriddenPackages
        return keyPackages + overridden.filter { !keyPackages.contains($0) }
    }

    /// The ``keyPackages(overriding:)`` of a `pip freeze`, by normalized name.
    package static func keyPackages(inFreeze freeze: String, overriding overrides: [String]) -> [String:
        String]
    {
        let installed = Dictionary(
            packages(fromFreeze: freeze).map { (ProxyRequirements.normalized($0.key), $0.value) }
        ) { first, _ in first }
        return installed.filter { keyPackages(overriding: overrides).contains($0.key) }
    }

    /// `key packages: litellm 1.61.20, openai 1.63.2, …`: the line runs print, from installed versions by
    /// normalized name.
    package static func keyPackagesLine(_ installed: [String: String], overriding overrides: [String])
        -> String
    {
        "key packages: "
            + keyPackages(overriding: overrides).compactMap { name in installed[name].map { "\(name) \($0)" }
            }
            .joined(separator: ", ")
    }

    /// The packages of a `pip freeze`, read from its `name==version` lines; names as written, lowercased.
    package static func packages(fromFreeze freeze: String) -> [String: String] {
        var packages: [String: String] = [:]
        for line in freeze.split(separator: "\n") {
            let parts = line.split(separator: "=", omittingEmptySubsequences: true)
            guard line.contains("=="), parts.count == 2 else { continue }
            packages[parts[0].lowercased()] = String(parts[1])
        }
        return packages
    }
}
