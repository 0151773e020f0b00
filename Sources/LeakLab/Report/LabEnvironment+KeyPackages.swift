extension LabEnvironment {
    /// The packages whose versions decide how LiteLLM handles a hang-up, in the order reports list them:
    /// the proxy, its upstream clients, then its server stack.
    public static let keyPackages = [
        "litellm", "openai", "httpx", "aiohttp", "fastapi", "uvicorn", "starlette", "pydantic",
    ]
}
