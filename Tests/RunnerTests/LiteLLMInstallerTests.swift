import Foundation
import Glibc
@testable import LabRunner
import Synchronization
import LabTestSupport
import Testing

@testable import LeakLab

/// Progress lines, collected from whichever thread reports them.
final class ProgressLines: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    func append(_ line: String) { lines.withLock { $0.append(line) } }
}

@Suite final class LiteLLMInstallerTests: InstallerFixture {
    /// The calls that install uv into the cache's tool venv and read pip's configuration.
    private var uvSetup: [String] {
        let tools = fake.scratch.file("cache/tools/uv")
        return [
            "python3 -m venv \(tools)", "pip install --disable-pip-version-check -q uv",
            "pip config list --disable-pip-version-check", "uv --version",
            "uv-env UV_DEFAULT_INDEX= SSL_CERT_FILE=\(ProcessInfo.processInfo.environment["SSL_CERT_FILE"] ?? "")",
        ]
    }

    @Test func installsWithUvOnceThenReusesTheCachedVenv() throws {
        let progress = ProgressLines()
        let version = try LiteLLMVersion("1.61.20")
        let venv = try installer.ensure(build: .release(version), log: log, progress: progress.append)
        let again = try installer.ensure(build: .release(version), log: log, progress: progress.append)

        let root = fake.scratch.file("cache/installs/litellm-1.61.20")
        #expect(venv.root == root)
        #expect(again.root == root)
        #expect(FileManager.default.isExecutableFile(atPath: venv.litellmExecutable))
        #expect(venv.python == root + "/bin/python")
        #expect(
            fake.calls
                == uvSetup + [
                    "uv venv --python \(fake.python3) \(root)",
                    "uv pip install --python \(root)/bin/python litellm[proxy]==1.61.20",
                    "python -c",
                ])
        #expect(progress.all.first == "installing LiteLLM 1.61.20 into \(root) (first run only)")
        #expect(progress.all.last == "using cached venv \(root)")
        #expect(try venv.installRecord().installer == "uv 0.13.9")
        #expect(
            try String(contentsOfFile: log, encoding: .utf8).contains(
                "$ \(fake.scratch.file("cache/tools/uv/bin/uv")) pip install"))
    }

    @Test func givesUvTheIndexAndCertificateThisMachinesPipUses() throws {
        try fake.setPipConfig(
            "global.index-url='https://index.invalid/simple'\n:env:.cert='/etc/lab-ca.pem'\n")
        _ = try installer.ensure(build: .release(try LiteLLMVersion("1.61.20")), log: log) { _ in }
        #expect(
            fake.calls.contains(
                "uv-env UV_DEFAULT_INDEX=https://index.invalid/simple SSL_CERT_FILE=/etc/lab-ca.pem"))
    }

    @Test func givesUvTheOverridesTheDateAndTheConstraintsAsOptions() throws {
        try "uvicorn<1\n".write(toFile: fake.scratch.file("c.txt"), atomically: true, encoding: .utf8)
        let dependencies = LiteLLMDependencies(
            overrides: ["uvicorn==0.32.1"], resolveAsOf: "2025-02-20",
            constraintsFile: fake.scratch.file("c.txt"))
        let venv = try installer.ensure(
            build: .release(try LiteLLMVersion("1.61.20")), dependencies: dependencies, log: log
        ) { _ in }
        let root = venv.root
        #expect(
            fake.calls.contains(
                "uv pip install --python \(root)/bin/python --override \(root)/lab-overrides.txt"
                    + " -c \(root)/lab-constraints.txt --exclude-newer 2025-02-20 litellm[proxy]==1.61.20 uvicorn==0.32.1"
            ))
        #expect(
            try String(contentsOfFile: root + "/lab-overrides.txt", encoding: .utf8) == "uvicorn==0.32.1\n")
        #expect(try String(contentsOfFile: root + "/lab-constraints.txt", encoding: .utf8) == "uvicorn<1\n")
    }

    @Test func recordsTheOverridesAndTheConstraintsTheyBreak() throws {
        let venv = try installer.ensure(
            build: .release(try LiteLLMVersion("1.61.20")),
            dependencies: .init(overrides: ["uvicorn==0.32.1"]),
            log: log
        ) { _ in }
        let record = try venv.installRecord()
        #expect(record.overrides == ["uvicorn==0.32.1"])
        #expect(
            record.brokenConstraints == [
                "litellm 1.61.20 requires uvicorn<0.30.0,>=0.29.0 (extra proxy); installed 0.32.1"
            ])
        #expect(record.keyPackages == ["litellm": "1.61.20", "openai": "1.61.0", "uvicorn": "0.32.1"])
        #expect(try venv.freeze() == "litellm==1.61.20\nopenai==1.61.0\nuvicorn==0.32.1\nzipp==3.0\n")
    }

    @Test func fallsBackToPipAndInstallsTheOverridesAfterwardsWithoutDependencies() throws {
        fake.makeUvUninstallable()
        let progress = ProgressLines()
        let venv = try installer.ensure(
            build: .release(try LiteLLMVersion("1.61.20")),
            dependencies: .init(overrides: ["uvicorn==0.32.1"]),
            log: log,
            progress: progress.append)
        #expect(
            fake.calls.dropFirst(2) == [
                "python3 -m venv \(venv.root)",
                "pip install --disable-pip-version-check -q litellm[proxy]==1.61.20",
                "pip install --disable-pip-version-check -q --no-deps uvicorn==0.32.1",
                "python -c",
                "pip --version --disable-pip-version-check",
            ])
        let record = try venv.installRecord()
        #expect(record.installer == "pip 23.2.1")
        #expect(record.installerNote?.hasPrefix("uv could not be installed: pip install uv failed") == true)
        #expect(progress.all.contains { $0.hasSuffix("installing with pip instead (slower)") })
    }

    @Test func refusesToResolveAsOfADayWithoutUv() throws {
        fake.makeUvUninstallable()
        #expect {
            try installer.ensure(
                build: .release(try LiteLLMVersion("1.61.20")),
                dependencies: .init(resolveAsOf: "2025-02-20"),
                log: log
            ) { _ in }
        } throws: { error in
            "\(error)".hasPrefix(
                "--resolve-as-of 2025-02-20 needs uv (pip cannot do it), and uv could not be installed")
                && (error as? LiteLLMInstallError)?.exitStatus == CommandFailure.unavailableExitCode
        }
    }

    @Test func namesAnOverrideThatCannotBeInstalled() throws {
        #expect {
            try installer.ensure(
                build: .release(try LiteLLMVersion("1.61.20")),
                dependencies: .init(overrides: ["uvicorn==99"]),
                log: log
            ) { _ in }
        } throws: { error in
            "\(error)".hasPrefix("uvicorn==99 cannot be installed")
                && "\(error)".contains("pip index versions uvicorn")
                && (error as? LiteLLMInstallError)?.exitStatus == CommandFailure.unavailableExitCode
        }
    }

    @Test func fallsBackToTheProxyRequirementsWhenTheExtraNamesUnservedPackages() throws {
        fake.makeProxyExtraUnserved()
        let progress = ProgressLines()
        let venv = try installer.ensure(
            build: .release(try LiteLLMVersion("1.110.2")),
            dependencies: .init(overrides: ["openai==1.61.0"]),
            log: log,
            progress: progress.append)
        let uv = "uv pip install --python \(venv.root)/bin/python --override \(venv.root)/lab-overrides.txt"
        #expect(
            fake.calls.dropFirst(uvSetup.count + 1) == [
                "\(uv) litellm[proxy]==1.110.2 openai==1.61.0",
                "\(uv) --no-deps litellm==1.110.2",
                "python -c",
                "\(uv) litellm==1.110.2 gunicorn>=23.0.0,<24.0 litellm-proxy-extras openai==1.61.0",
                "python -c",
            ])
        #expect(progress.all.contains { $0.contains("names packages PyPI does not serve") })
        #expect(venv.dependencies.overrides == ["openai==1.61.0"])
    }

    @Test func redoesAnInterruptedInstall() throws {
        let version = try LiteLLMVersion("1.61.20")
        let root = try installer.venvDirectory(build: .release(version))
        try FileManager.default.createDirectory(atPath: root + "/lib", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: root + "/lib/half-written", contents: nil)
        let progress = ProgressLines()

        _ = try installer.ensure(build: .release(version), log: log, progress: progress.append)
        #expect(!FileManager.default.fileExists(atPath: root + "/lib/half-written"))
        #expect(FileManager.default.fileExists(atPath: root + "/" + LiteLLMInstaller.readyMarker))
        #expect(progress.all.first == "removing unfinished venv \(root) (an earlier install was interrupted)")
    }

    @Test func reportsAFailedInstallWithItsLogAndRetriesNextTime() throws {
        fake.breakPip()
        let version = try LiteLLMVersion("1.61.20")
        #expect {
            try installer.ensure(build: .release(version), log: log) { _ in }
        } throws: { error in
            let text = "\(error)"
            return text.contains("litellm[proxy]==1.61.20 failed with exit code 1; full log: \(log)")
                && text.hasSuffix("\n    ERROR: pip broke")
        }
        fake.breakPip(false)
        let venv = try installer.ensure(build: .release(version), log: log) { _ in }
        #expect(FileManager.default.fileExists(atPath: venv.litellmExecutable))
    }

    @Test func refusesCompromisedVersionsBeforeInstallingAnything() throws {
        #expect {
            try installer.ensure(build: .release(try LiteLLMVersion("1.82.8")), log: log) { _ in }
        } throws: { error in
            "\(error)".contains("supply-chain compromise")
        }
        #expect(fake.calls.isEmpty)
    }

    @Test func rejectsOverridesThatLookLikePipOptions() throws {
        #expect {
            try installer.ensure(
                build: .release(try LiteLLMVersion("1.61.20")),
                dependencies: .init(overrides: ["--index-url=http://x"]),
                log: log
            ) { _ in }
        } throws: { error in
            "\(error)".hasPrefix("'--index-url=http://x' is not a requirement to override")
        }
    }

    @Test func namesOneVenvPerVersionOverridesDateAndConstraintsContent() throws {
        let version = try LiteLLMVersion("1.61.20")
        let plain = try installer.venvDirectory(build: .release(version))
        let overridden = try installer.venvDirectory(
            build: .release(version), dependencies: .init(overrides: ["openai==1.61.0", "httpx==0.27.2"]))
        #expect(plain == fake.scratch.file("cache/installs/litellm-1.61.20"))
        #expect(overridden.hasPrefix(plain + "-"))
        #expect(overridden.count == plain.count + 9)
        #expect(
            try overridden
                == installer.venvDirectory(
                    build: .release(version),
                    dependencies: .init(overrides: ["httpx==0.27.2", "openai==1.61.0", "httpx==0.27.2"])))
        #expect(
            try overridden
                != installer.venvDirectory(
                    build: .release(version), dependencies: .init(overrides: ["openai==1.61.0"])))
        #expect(
            try plain
                != installer.venvDirectory(
                    build: .release(version), dependencies: .init(resolveAsOf: "2025-02-20")))

        let constraints = fake.scratch.file("c.txt")
        try "uvicorn<1\n".write(toFile: constraints, atomically: true, encoding: .utf8)
        let constrained = try installer.venvDirectory(
            build: .release(version), dependencies: .init(constraintsFile: constraints))
        #expect(constrained != plain)
        try "uvicorn<2\n".write(toFile: constraints, atomically: true, encoding: .utf8)
        #expect(
            try installer.venvDirectory(
                build: .release(version), dependencies: .init(constraintsFile: constraints))
                != constrained)
    }

    @Test func saysWhenTheConstraintsFileCannotBeRead() throws {
        #expect {
            try installer.venvDirectory(
                build: .release(try LiteLLMVersion("1.61.20")),
                dependencies: .init(constraintsFile: "/no/such/file"))
        } throws: { error in
            "\(error)".hasPrefix("cannot read the constraints file /no/such/file")
                && (error as? LiteLLMInstallError)?.exitStatus == UsageError.exitCode
        }
    }

    @Test func explainsHowToGetPythonWhenItIsMissing() throws {
        let installer = LiteLLMInstaller(
            cacheRoot: fake.scratch.file("cache"), python: "no-such-python3-for-lab")
        #expect {
            try installer.ensure(build: .release(try LiteLLMVersion("1.61.20")), log: log) { _ in }
        } throws: { error in
            "\(error)".hasPrefix("no-such-python3-for-lab not found on PATH (")
                && "\(error)".hasSuffix(
                    "install Python 3 with venv support (Debian: apt-get install python3-venv)")
        }
    }

    @Test func waitsWhileAnotherLabInstallsTheSameVenv() throws {
        let version = try LiteLLMVersion("1.61.20")
        let root = try installer.venvDirectory(build: .release(version))
        try FileManager.default.createDirectory(
            atPath: fake.scratch.file("cache/installs"), withIntermediateDirectories: true)
        let held = open(root + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        #expect(flock(held, LOCK_EX) == 0)

        let progress = ProgressLines()
        let finished = DispatchSemaphore(value: 0)
        let (installer, log) = (installer, log)
        DispatchQueue.global().async {
            _ = try? installer.ensure(build: .release(version), log: log, progress: progress.append)
            finished.signal()
        }
        #expect(
            pollUntil {
                progress.all == [
                    "waiting for the install of \(root) under way (another lab's, or this one's ahead of its turn)"
                ]
            })
        // Blocked in the lock's queue: from there it can go on only once the lock is released.
        #expect(pollUntil { Self.isWaitingForTheLock(on: root + ".lock") })
        #expect(fake.calls.isEmpty)
        close(held)
        #expect(finished.wait(timeout: .now() + 10) == .success)
        #expect(fake.calls.count == uvSetup.count + 3)
    }

    /// Whether this process waits for the `flock` on `path`: a blocked request shows in /proc/locks as a `->`
    /// line naming the pid and the file's inode.
    private static func isWaitingForTheLock(on path: String) -> Bool {
        var file = stat()
        guard stat(path, &file) == 0, let locks = try? String(contentsOfFile: "/proc/locks", encoding: .utf8)
        else { return false }
        return locks.split(separator: "\n").contains {
            $0.contains("-> FLOCK") && $0.contains(" \(getpid()) ") && $0.hasSuffix(":\(file.st_ino) 0 EOF")
        }
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
