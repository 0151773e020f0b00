import Testing

@testable import LeakLab

@Suite struct NginxConfigTests {
    private func config(ignoring: Bool) -> String {
        NginxConfig(backendURL: "http://127.0.0.1:5001", port: 4100, ignoreClientAbort: ignoring, prefix: "/run/x").text
    }

    @Test func listensOnLoopbackOnlyAndProxiesToTheBackend() {
        let text = config(ignoring: false)
        #expect(text.contains("listen 127.0.0.1:4100;"))
        #expect(!text.contains("listen 4100"))
        #expect(text.contains("proxy_pass http://127.0.0.1:5001;"))
        #expect(text.contains("daemon off;"))
        #expect(text.contains("location = /lab-health"))
    }

    @Test func switchesOnlyTheClientAbortDirective() {
        let defaults = config(ignoring: false)
        let ignoring = config(ignoring: true)
        #expect(defaults.contains("proxy_ignore_client_abort off;"))
        #expect(ignoring.contains("proxy_ignore_client_abort on;"))
        #expect(defaults.replacingOccurrences(of: "abort off;", with: "abort on;") == ignoring)
    }

    @Test func keepsEveryFileInsideItsPrefix() {
        let paths = config(ignoring: false).split(separator: "\n").compactMap { line -> Substring? in
            let words = line.split(separator: " ")
            return words.count >= 2 && words[1].hasPrefix("/") ? words[1] : nil
        }
        #expect(!paths.isEmpty)
        #expect(paths.allSatisfy { $0.hasPrefix("/run/x/") })
    }
}
