@testable import LabRecords
import Testing

@Suite struct ProxyRequirementsTests {
    /// An excerpt of LiteLLM 1.110.2's `Requires-Dist`, as importlib.metadata prints it.
    static let requiresDistOf1dot110dot2 = [
        "fastuuid>=0.14.0,<1.0 ; python_full_version < '3.15'",
        "httpx[http2]>=0.28.0,<1.0",
        "pyyaml>=6.0.3,<7.0",
        "rich>=13.9.4,<14.0 ; extra == 'cli'",
        "pyyaml>=6.0.3,<7.0 ; extra == 'cli'",
        "prisma>=0.11.0,<1.0 ; extra == 'extra-proxy'",
        "litellm-proxy==1.110.2 ; extra == 'proxy'",
        "gunicorn>=23.0.0,<24.0 ; extra == 'proxy'",
        "granian>=2.7.4,<3.0 ; python_full_version < '3.15' and extra == 'proxy'",
        "granian>=2.8.0,<3.0 ; python_full_version >= '3.15' and extra == 'proxy'",
        "uvloop>=0.22.1,<1.0 ; sys_platform != 'win32' and extra == 'proxy'",
        "pyyaml>=6.0.3,<7.0 ; extra == 'proxy'",
        "litellm-proxy-extras==0.4.114.post1 ; extra == 'proxy'",
        "litellm-enterprise==0.1.83.post1 ; extra == 'proxy'",
        "backports-zstd>=1.0.0,<2.0 ; python_full_version < '3.14' and extra == 'proxy'",
        "grpcio==1.84.1 ; extra == 'proxy-runtime'",
        "semantic-router>=0.1.15,<1.0 ; python_full_version < '3.14' and extra == 'semantic-router'",
    ]

    @Test func keepsWhatTheProxyExtraAddsWithoutUnservedCompanions() {
        #expect(
            ProxyRequirements.installable(fromRequiresDist: Self.requiresDistOf1dot110dot2) == [
                "gunicorn>=23.0.0,<24.0",
                "granian>=2.7.4,<3.0 ; python_full_version < '3.15'",
                "granian>=2.8.0,<3.0 ; python_full_version >= '3.15'",
                "uvloop>=0.22.1,<1.0 ; sys_platform != 'win32'",
                "pyyaml>=6.0.3,<7.0",
                "litellm-proxy-extras",
                "litellm-enterprise",
                "backports-zstd>=1.0.0,<2.0 ; python_full_version < '3.14'",
            ])
    }

    @Test func readsOldDoubleQuotedMetadata() {
        // LiteLLM 1.61.20's style.
        let requiresDist = [
            "PyJWT (>=2.8.0,<3.0.0) ; extra == \"proxy\"",
            "aiohttp",
            "azure-identity (>=1.15.0,<2.0.0) ; extra == \"extra-proxy\"",
            "uvicorn (>=0.29.0,<0.30.0) ; extra == \"proxy\"",
        ]
        #expect(
            ProxyRequirements.installable(fromRequiresDist: requiresDist) == [
                "PyJWT (>=2.8.0,<3.0.0)", "uvicorn (>=0.29.0,<0.30.0)",
            ])
    }

    @Test func settlesExtraClausesInsideAlternativesAndParentheses() {
        let requiresDist = [
            "a ; extra == 'proxy' and python_version < '3.12'",
            "b ; (extra == 'proxy' or extra == 'all') and sys_platform != 'win32'",
            "c ; extra == 'all' or extra == 'cli'",
            "d ; python_version < '3.9' or extra == 'proxy'",
            "e ; extra=='Proxy'",
            "f ; python_version >= '3.8' and (extra == 'cli' or extra == 'proxy' and os_name == 'posix')",
        ]
        #expect(
            ProxyRequirements.installable(fromRequiresDist: requiresDist) == [
                "a ; python_version < '3.12'",
                "b ; sys_platform != 'win32'",
                "d",
                "e",
                "f ; python_version >= '3.8' and (os_name == 'posix')",
            ])
    }
}
