@testable import LabProxies
import Testing

@Suite struct NginxConfigTests {
    private func config(ignoring: Bool) -> String {
        NginxConfig(
            backendURL: "http://127.0.0.1:5001", port: 4100, ignoreClientAbort: ignoring, prefix: "/run/x"
        ).text
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
        let fileDirectives: Set<Substring> = ["pid", "error_log", "access_log"]
        let paths = config(ignoring: false).split(separator: "\n").compactMap { line -> Substring? in
            let words = line.split(separator: " ")
            guard words.count >= 2, fileDirectives.contains(words[0]) || words[0].hasSuffix("_temp_path")
            else {
                return nil
            }
            return words[1]
        }
        #expect(paths.count == 8)
        #expect(paths.allSatisfy { $0.hasPrefix("/run/x/") })
    }
}
