import Foundation
import Glibc
import Synchronization
import Testing

@testable import LeakLab

/// Progress lines, collected from whichever thread reports them.
final class ProgressLines: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    func append(_ line: String) { lines.withLock { $0.append(line) } }
}

@Suite final class LiteLLMInstallerTests {
    let fake: FakePython
    let installer: LiteLLMInstaller
    let log: String

    init() throws {
        fake = try FakePython()
        installer = LiteLLMInstaller(cacheRoot: fake.scratch.file("cache"), python: fake.python3)
        log = fake.scratch.file("install.log")
    }

    deinit {
        fake.scratch.remove()
    }

    @Test func installsOnceThenReusesTheCachedVenv() throws {
        let progress = ProgressLines()
        let version = try LiteLLMVersion("1.61.20")
        let venv = try installer.ensure(version: version, log: log, progress: progress.append)
        let again = try installer.ensure(version: version, log: log, progress: progress.append)

        let root = fake.scratch.file("cache/venvs/litellm-1.61.20")
        #expect(venv.root == root)
        #expect(again.root == root)
        #expect(FileManager.default.isExecutableFile(atPath: venv.litellmExecutable))
        #expect(venv.python == root + "/bin/python")
        #expect(
            fake.calls == [
                "python3 -m venv \(root)",
                "pip install --disable-pip-version-check -q litellm[proxy]==1.61.20",
            ])
        #expect(
            progress.all == [
                "installing LiteLLM 1.61.20 into \(root) (first run only, ~30 s)",
                "using cached venv \(root)",
            ])
        #expect(try String(contentsOfFile: log, encoding: .utf8).contains("$ \(root)/bin/pip install"))
    }

    @Test func fallsBackToTheProxyRequirementsWhenTheExtraNamesUnservedPackages() throws {
        fake.makeProxyExtraUnserved()
        let progress = ProgressLines()
        let venv = try installer.ensure(
            version: try LiteLLMVersion("1.110.2"), pins: ["openai==1.61.0"], log: log,
            progress: progress.append)
        #expect(
            fake.calls.dropFirst() == [
                "pip install --disable-pip-version-check -q litellm[proxy]==1.110.2 openai==1.61.0",
                "pip install --disable-pip-version-check -q --no-deps litellm==1.110.2",
                "python -c",
                "pip install --disable-pip-version-check -q litellm==1.110.2 gunicorn>=23.0.0,<24.0 litellm-proxy-extras openai==1.61.0",
            ])
        #expect(progress.all.contains { $0.contains("names packages PyPI does not serve") })
        #expect(venv.pins == ["openai==1.61.0"])
    }

    @Test func redoesAnInterruptedInstall() throws {
        let version = try LiteLLMVersion("1.61.20")
        let root = installer.venvDirectory(version: version)
        try FileManager.default.createDirectory(atPath: root + "/lib", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: root + "/lib/half-written", contents: nil)
        let progress = ProgressLines()

        _ = try installer.ensure(version: version, log: log, progress: progress.append)
        #expect(!FileManager.default.fileExists(atPath: root + "/lib/half-written"))
        #expect(FileManager.default.fileExists(atPath: root + "/" + LiteLLMInstaller.readyMarker))
        #expect(progress.all.first == "removing unfinished venv \(root) (an earlier install was interrupted)")
    }

    @Test func reportsAFailedInstallWithItsLogAndRetriesNextTime() throws {
        fake.breakPip()
        let version = try LiteLLMVersion("1.61.20")
        #expect {
            try installer.ensure(version: version, log: log) { _ in }
        } throws: { error in
            let text = "\(error)"
            return text.contains("litellm[proxy]==1.61.20 failed with exit code 1; full log: \(log)")
                && text.hasSuffix("\n    ERROR: pip broke")
        }
        fake.breakPip(false)
        let venv = try installer.ensure(version: version, log: log) { _ in }
        #expect(FileManager.default.fileExists(atPath: venv.litellmExecutable))
    }

    @Test func refusesCompromisedVersionsBeforeInstallingAnything() throws {
        #expect {
            try installer.ensure(version: try LiteLLMVersion("1.82.8"), log: log) { _ in }
        } throws: { error in
            "\(error)".contains("supply-chain compromise")
        }
        #expect(fake.calls.isEmpty)
    }

    @Test func rejectsPinsThatLookLikePipOptions() throws {
        #expect {
            try installer.ensure(
                version: try LiteLLMVersion("1.61.20"), pins: ["--index-url=http://x"], log: log
            ) { _ in }
        } throws: { error in
            "\(error)".hasPrefix("'--index-url=http://x' is not a requirement to pin")
        }
    }

    @Test func namesOneVenvPerVersionAndSetOfPins() throws {
        let version = try LiteLLMVersion("1.61.20")
        let plain = installer.venvDirectory(version: version)
        let pinned = installer.venvDirectory(version: version, pins: ["openai==1.61.0", "httpx==0.27.2"])
        #expect(plain == fake.scratch.file("cache/venvs/litellm-1.61.20"))
        #expect(pinned.hasPrefix(plain + "-"))
        #expect(pinned.count == plain.count + 9)
        #expect(
            pinned
                == installer.venvDirectory(
                    version: version, pins: ["httpx==0.27.2", "openai==1.61.0", "httpx==0.27.2"]))
        #expect(pinned != installer.venvDirectory(version: version, pins: ["openai==1.61.0"]))
    }

    @Test func explainsHowToGetPythonWhenItIsMissing() throws {
        let installer = LiteLLMInstaller(
            cacheRoot: fake.scratch.file("cache"), python: "no-such-python3-for-lab")
        #expect {
            try installer.ensure(version: try LiteLLMVersion("1.61.20"), log: log) { _ in }
        } throws: { error in
            "\(error)".hasPrefix("no-such-python3-for-lab not found on PATH (")
                && "\(error)".hasSuffix(
                    "install Python 3 with venv support (Debian: apt-get install python3-venv)")
        }
    }

    @Test func waitsWhileAnotherLabInstallsTheSameVenv() throws {
        let version = try LiteLLMVersion("1.61.20")
        let root = installer.venvDirectory(version: version)
        try FileManager.default.createDirectory(
            atPath: fake.scratch.file("cache/venvs"), withIntermediateDirectories: true)
        let held = open(root + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        #expect(flock(held, LOCK_EX) == 0)

        let progress = ProgressLines()
        let finished = DispatchSemaphore(value: 0)
        let (installer, log) = (installer, log)
        DispatchQueue.global().async {
            _ = try? installer.ensure(version: version, log: log, progress: progress.append)
            finished.signal()
        }
        #expect(eventually { progress.all == ["waiting for another lab to finish installing \(root)"] })
        usleep(200_000)
        #expect(fake.calls.isEmpty)
        close(held)
        #expect(finished.wait(timeout: .now() + 10) == .success)
        #expect(fake.calls.count == 2)
    }

    @Test func freezeListsTheVenvsPackages() throws {
        let venv = try installer.ensure(version: try LiteLLMVersion("1.61.20"), log: log) { _ in }
        #expect(try venv.freeze() == "litellm==1.110.2\nopenai==1.61.0\n")
    }

    @Test func resolvesLatestToTheNewestInstallableRelease() throws {
        let progress = ProgressLines()
        #expect(try installer.resolve("latest", log: log, progress: progress.append).description == "1.110.2")
        #expect(fake.calls.last == "pip index versions litellm --disable-pip-version-check")
        #expect(try installer.resolve("1.61.20", log: log) { _ in }.description == "1.61.20")
        #expect(throws: LiteLLMInstallError.self) {
            try installer.resolve("1.61.20-stable", log: log) { _ in }
        }
    }

    @Test func cacheRootFollowsLabThenXdgThenHome() {
        let lab = ["LAB_CACHE_DIR": "/c/lab", "XDG_CACHE_HOME": "/c/xdg", "HOME": "/home/u"]
        #expect(LiteLLMInstaller.defaultCacheRoot(environment: lab) == "/c/lab")
        #expect(
            LiteLLMInstaller.defaultCacheRoot(environment: ["LAB_CACHE_DIR": "", "XDG_CACHE_HOME": "/c/xdg"])
                == "/c/xdg/litellm-leak-lab")
        #expect(
            LiteLLMInstaller.defaultCacheRoot(environment: ["XDG_CACHE_HOME": "", "HOME": "/home/u"])
                == "/home/u/.cache/litellm-leak-lab")
    }
}
