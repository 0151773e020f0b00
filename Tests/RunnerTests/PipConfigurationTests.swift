@testable import LabInstalls
import Testing

@Suite struct PipConfigurationTests {
    @Test func readsPipConfigListWithVariablesOverInstallOverGlobal() {
        let pip = PipConfiguration(
            pipConfigList: """
                global.index-url='https://global.invalid/simple'
                install.index-url='https://install.invalid/simple'
                global.extra-index-url='\\nhttps://a.invalid/simple\\nhttps://b.invalid/simple'
                :env:.cert='/env/ca.pem'
                global.cert='/global/ca.pem'
                global.find_links='/opt/wheels /srv/wheels'
                global.trusted-host='a.invalid'
                global.no-index='false'
                :env:.default-timeout='180'
                download.index-url='https://ignored.invalid/simple'
                """)
        #expect(pip.indexURL == "https://install.invalid/simple")
        #expect(pip.extraIndexURLs == ["https://a.invalid/simple", "https://b.invalid/simple"])
        #expect(pip.cert == "/env/ca.pem")
        #expect(pip.findLinks == ["/opt/wheels", "/srv/wheels"])
        #expect(pip.trustedHosts == ["a.invalid"])
        #expect(!pip.noIndex)
        #expect(pip.timeout == "180")
    }

    @Test func translatesEveryKeyIntoUvsEnvironment() {
        let pip = PipConfiguration(
            pipConfigList: """
                global.index-url='https://main.invalid/simple'
                global.extra-index-url='https://a.invalid/simple https://b.invalid/simple'
                global.cert='/ca.pem'
                global.find-links='/opt/wheels /srv/wheels'
                global.trusted-host='a.invalid'
                global.no-index='true'
                global.timeout='60'
                """)
        #expect(
            pip.uvEnvironment(over: ["PATH": "/bin", "SSL_CERT_FILE": "/shell/ca.pem"]) == [
                "PATH": "/bin",
                "UV_DEFAULT_INDEX": "https://main.invalid/simple",
                "UV_INDEX": "https://a.invalid/simple https://b.invalid/simple",
                "UV_INDEX_STRATEGY": "unsafe-best-match",
                "SSL_CERT_FILE": "/ca.pem",
                "UV_FIND_LINKS": "/opt/wheels,/srv/wheels",
                "UV_INSECURE_HOST": "a.invalid",
                "UV_NO_INDEX": "1",
                "UV_HTTP_TIMEOUT": "60",
            ])
    }

    @Test func keepsUvSettingsTheUserAlreadyChose() {
        let pip = PipConfiguration(
            pipConfigList:
                "global.index-url='https://pip.invalid/simple'\nglobal.extra-index-url='https://x.invalid'\n")
        let environment = pip.uvEnvironment(
            over: ["UV_INDEX_URL": "https://uv.invalid/simple", "UV_INDEX": "https://mine.invalid"])
        #expect(environment["UV_DEFAULT_INDEX"] == nil)
        #expect(environment["UV_INDEX"] == "https://mine.invalid")
    }

    @Test func addsNothingWithoutAPipConfiguration() {
        #expect(
            PipConfiguration(pipConfigList: "").uvEnvironment(over: ["HOME": "/root"]) == ["HOME": "/root"])
    }
}
