import Foundation
import Glibc
@testable import LabInstalls
@testable import LabRecords
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
        let tools = fake.scratch.file("cache/tools/uv-0.13.9")
        return [
            "python3 -m venv \(tools)", "pip install --disable-pip-version-check -q uv==0.13.9",
            "pip config list --disable-pip-version-check", "uv --version",
            "uv-env UV_DEFAULT_INDEX= SSL_CERT_FILE=\(ProcessInfo.processInfo.environment["SSL_CERT_FILE"] ?? "")",
        ]
    }

    private let release = LiteLLMBuild(kind: .release, version: LiteLLMVersion.reported)

    /// A committed lock of 1.61.20, resolved as of `day`, in a locks folder the installer reads.
    private func committed(asOf day: String = "2026-11-25") throws -> (
        installer: LiteLLMInstaller, lock: LiteLLMLock
    ) {
        let folder = fake.scratch.file("locks")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let lock = try LiteLLMLock(
            fields: [("build", "litellm[proxy]==1.61.20"), ("resolved-as-of", day)],
            requirements:
                "litellm==1.61.20 \\\n    --hash=sha256:00\nopenai==1.61.0\nuvicorn==0.29.0\nzipp==3.0\n")
        try lock.text.write(toFile: folder + "/litellm-1.61.20.txt", atomically: true, encoding: .utf8)
        var installer = installer
        installer.locksFolder = folder
        return (installer, lock)
    }

    /// The uv command that resolves, with `options`, into a scratch folder (whose name changes each time).
    private func compiles(_ options: String) -> Bool {
        fake.calls.contains {
            $0.hasPrefix(
                "uv pip compile --python \(fake.python3) --generate-hashes --no-header --no-annotate \(options)"
            )
        }
    }

    @Test func installsACommittedLockExactlyWithoutResolving() throws {
        let (installer, lock) = try committed()
        let progress = ProgressLines()
        let venv = try installer.ensure(build: release, log: log, progress: progress.append)
        let again = try installer.ensure(build: release, log: log, progress: progress.append)

        let root = fake.scratch.file("cache/installs/litellm-1.61.20-\(lock.sha256.prefix(16))")
        #expect(venv.root == root)
        #expect(again.root == root)
        #expect(
            fake.calls
                == uvSetup + [
                    "uv venv --python \(fake.python3) \(root)",
                    "uv pip install --python \(root)/bin/python --no-deps -r \(root)/lab-lock.txt",
                    "python -c",
                ])
        #expect(try venv.lockText() == lock.text)
        #expect(try venv.freeze() == "litellm==1.61.20\nopenai==1.61.0\nuvicorn==0.29.0\nzipp==3.0\n")
        let record = try venv.installRecord()
        #expect(record.lock?.path == "locks/litellm-1.61.20.txt")
        #expect(record.lock?.sha256 == lock.sha256)
        #expect(record.lock?.resolvedAsOf == "2026-11-25")
        #expect(record.installer == "uv 0.13.9")
        #expect(progress.all.last == "using cached venv \(root)")
    }

    @Test func resolvesOnceWhenNoLockIsCommittedAndKeepsTheResolution() throws {
        let progress = ProgressLines()
        let venv = try installer.ensure(build: release, log: log, progress: progress.append)
        let calls = fake.calls.count
        let again = try installer.ensure(build: release, log: log, progress: progress.append)

        #expect(compiles("\(fake.scratch.file("cache/tmp/resolve-"))"))
        #expect(!fake.calls.contains { $0.contains("--exclude-newer") })
        #expect(again.root == venv.root)
        #expect(fake.calls.count == calls)
        let lock = try LiteLLMLock(text: try venv.lockText())
        #expect(lock.pins == ["litellm": "1.61.20", "openai": "1.61.0", "uvicorn": "0.32.1", "zipp": "3.0"])
        #expect(lock.resolvedAsOf == "today (\(LiteLLMInstaller.today))")
        #expect(lock.fields["resolver"] == "uv 0.13.9")
        #expect(lock.fields["python"] == "3.11")
        #expect(venv.root.hasSuffix("-" + lock.sha256.prefix(16)))
        #expect(try installer.isReady(build: release))
    }

    @Test func aDaysLockResolvedBeforeTheDayWasOverIsResolvedAgainOnceItIs() throws {
        let dependencies = LiteLLMDependencies(resolveAsOf: "2025-02-20")
        _ = try installer.ensure(build: release, dependencies: dependencies, log: log) { _ in }
        let resolutions = { self.fake.calls.filter { $0.contains("--exclude-newer") }.count }
        #expect(resolutions() == 1)
        _ = try installer.ensure(build: release, dependencies: dependencies, log: log) { _ in }
        #expect(resolutions() == 1, "resolved after its day: kept")
        let kept = try installer.cachedLockPath(
            build: release, dependencies: dependencies, asOf: .init(asked: "2025-02-20", day: "2025-02-20"))
        let text = try String(contentsOfFile: kept, encoding: .utf8)
        try text.replacingOccurrences(
            of: "# resolved-on: \(LiteLLMInstaller.today)", with: "# resolved-on: 2025-02-20"
        ).write(toFile: kept, atomically: true, encoding: .utf8)
        _ = try installer.ensure(build: release, dependencies: dependencies, log: log) { _ in }
        #expect(resolutions() == 2, "resolved on its own day, which may have gained uploads since")
    }

    @Test func resolvesOverridesOnALockedReleaseAsOfItsLocksDay() throws {
        let (installer, _) = try committed()
        let dependencies = LiteLLMDependencies(overrides: ["uvicorn==0.32.1"])
        let venv = try installer.ensure(build: release, dependencies: dependencies, log: log) { _ in }
        #expect(fake.calls.contains { $0.contains("--exclude-newer 2026-11-26T00:00:00Z") })
        let lock = try LiteLLMLock(text: try venv.lockText())
        #expect(lock.pins["uvicorn"] == "0.32.1")
        #expect(lock.resolvedAsOf == "2026-11-25")
        #expect(lock.fields["overrides"] == "uvicorn==0.32.1")
    }

    /// A bisect's releases between its locked ends get the packages the ends were measured with, any day.
    @Test func resolvesAReleaseWithoutALockOfItsOwnAsOfTheCommittedLocksDay() throws {
        let (installer, _) = try committed()
        let other = LiteLLMBuild(kind: .release, version: "1.83.0")
        let venv = try installer.ensure(build: other, log: log) { _ in }
        #expect(fake.calls.contains { $0.contains("--exclude-newer 2026-11-26T00:00:00Z") })
        let lock = try LiteLLMLock(text: try venv.lockText())
        #expect(lock.pins["litellm"] == "1.83.0")
        #expect(lock.resolvedAsOf == "2026-11-25")
    }

    @Test func aReleasePublishedAfterTheLocksDayIsResolvedAsOfItsUploadDay() throws {
        let (installer, _) = try committed(asOf: "2025-01-15")
        try "2025-01-16T00:00:00Z".write(
            toFile: fake.scratch.file("unpublished-before"), atomically: true, encoding: .utf8)
        let progress = ProgressLines()
        let venv = try installer.ensure(
            build: LiteLLMBuild(kind: .release, version: "1.83.0"), log: log, progress: progress.append)
        #expect(fake.calls.contains { $0.contains("--exclude-newer 2025-01-16T00:00:00Z") })
        #expect(fake.calls.contains { $0.contains("--exclude-newer 2025-02-28T00:00:00Z") })
        #expect(try LiteLLMLock(text: try venv.lockText()).resolvedAsOf == "release (2025-02-27)")
        #expect(
            progress.all.contains("LiteLLM 1.83.0 was published after the committed locks' day, 2025-01-15"))
    }

    @Test func aReleaseTheIndexDidNotHaveByItsUploadDayIsNotOnPyPI() throws {
        let (installer, _) = try committed()
        try "2026-11-26T00:00:00Z".write(
            toFile: fake.scratch.file("unpublished-before"), atomically: true, encoding: .utf8)
        #expect {
            _ = try installer.ensure(build: LiteLLMBuild(kind: .release, version: "1.83.0"), log: log) { _ in
            }
        } throws: { error in
            if case .notOnPyPI(let version, _)? = error as? LiteLLMInstallError { return version == "1.83.0" }
            return false
        }
    }

    @Test func resolvesAsOfTheReleasesUploadDayReadFromTheIndex() throws {
        let venv = try installer.ensure(
            build: release, dependencies: .init(resolveAsOf: "release"), log: log
        ) { _ in }
        #expect(fake.calls.contains { $0.contains("--exclude-newer 2025-02-28T00:00:00Z") })
        #expect(try LiteLLMLock(text: try venv.lockText()).resolvedAsOf == "release (2025-02-27)")
    }

    @Test func givesUvTheIndexAndCertificateThisMachinesPipUses() throws {
        try fake.setPipConfig(
            "global.index-url='https://index.invalid/simple'\n:env:.cert='/etc/lab-ca.pem'\n")
        _ = try installer.ensure(build: release, log: log) { _ in }
        #expect(
            fake.calls.contains(
                "uv-env UV_DEFAULT_INDEX=https://index.invalid/simple SSL_CERT_FILE=/etc/lab-ca.pem"))
    }

    @Test func givesTheResolutionTheOverridesTheDayAndTheConstraints() throws {
        try "uvicorn<1\n".write(toFile: fake.scratch.file("c.txt"), atomically: true, encoding: .utf8)
        let dependencies = LiteLLMDependencies(
            overrides: ["uvicorn==0.32.1"], resolveAsOf: "2025-02-20",
            constraintsFile: fake.scratch.file("c.txt"))
        let venv = try installer.ensure(build: release, dependencies: dependencies, log: log) { _ in }
        let scratch = try #require(
            fake.calls.first { $0.hasPrefix("uv pip compile") }?.split(separator: " ").first {
                $0.hasSuffix("lab-overrides.txt")
            }
        ).dropLast("/lab-overrides.txt".count)
        #expect(
            compiles(
                "--override \(scratch)/lab-overrides.txt -c \(scratch)/lab-constraints.txt"
                    + " --exclude-newer 2025-02-21T00:00:00Z \(scratch)/requirements.in -o \(scratch)/lock.txt"
            ))
        let lock = try LiteLLMLock(text: try venv.lockText())
        #expect(lock.pins["uvicorn"] == "0.32.1")
        #expect(lock.fields["constraints"] == LiteLLMInstaller.hash("uvicorn<1\n"))
        #expect(!FileManager.default.fileExists(atPath: String(scratch)), "the scratch folder is removed")
    }

    @Test func recordsTheOverridesAndTheConstraintsTheyBreak() throws {
        let venv = try installer.ensure(
            build: release, dependencies: .init(overrides: ["uvicorn==0.32.1"]), log: log
        ) { _ in }
        let record = try venv.installRecord()
        #expect(record.overrides == ["uvicorn==0.32.1"])
        #expect(
            record.brokenConstraints == [
                "litellm 1.61.20 requires uvicorn<0.30.0,>=0.29.0 (extra proxy); installed 0.32.1"
            ])
        #expect(record.keyPackages == ["litellm": "1.61.20", "openai": "1.61.0", "uvicorn": "0.32.1"])
    }

    @Test func installsALockWithPipWhenUvCannotBeInstalled() throws {
        fake.makeUvUninstallable()
        let (installer, _) = try committed()
        let progress = ProgressLines()
        let venv = try installer.ensure(build: release, log: log, progress: progress.append)
        #expect(
            fake.calls.dropFirst(2) == [
                "python3 -m venv \(venv.root)",
                "pip install --disable-pip-version-check -q --no-deps -r \(venv.root)/lab-lock.txt",
                "python -c",
                "pip --version --disable-pip-version-check",
            ])
        let record = try venv.installRecord()
        #expect(record.installer == "pip 23.2.1")
        #expect(
            record.installerNote?.hasPrefix("uv could not be installed: pip install uv==0.13.9 failed")
                == true)
        #expect(progress.all.contains { $0.hasSuffix("installing the lock with pip instead (slower)") })
    }

    @Test func refusesToResolveWithoutUvAndSaysALockWouldDo() throws {
        fake.makeUvUninstallable()
        #expect {
            try installer.ensure(build: release, log: log) { _ in }
        } throws: { error in
            "\(error)".hasPrefix(
                "resolving LiteLLM 1.61.20's dependencies (no lock for it) needs uv (pip cannot do it), and uv"
                    + " could not be installed")
                && "\(error)".contains("--lock FILE")
                && (error as? LiteLLMInstallError)?.exitStatus == CommandFailure.unavailableExitCode
        }
    }

    @Test func refusesALockOfAnotherRelease() throws {
        let (_, lock) = try committed()
        let file = fake.scratch.file("locks/litellm-1.61.20.txt")
        #expect {
            try installer.ensure(
                build: .release(try LiteLLMVersion("1.110.2")), dependencies: .init(lockFile: file), log: log
            ) { _ in }
        } throws: { error in
            "\(error)"
                == "the lock \(file) pins litellm 1.61.20, not litellm 1.110.2: write one for this build"
                + " with `lab lock`, or ask for the build it locks"
                && (error as? LiteLLMInstallError)?.exitStatus == UsageError.exitCode
        }
        let venv = try installer.ensure(build: release, dependencies: .init(lockFile: file), log: log) { _ in
        }
        #expect(try venv.lockText() == lock.text)
        #expect(!fake.calls.contains { $0.hasPrefix("uv pip compile") })
    }

    @Test func aVenvThatDoesNotHoldExactlyItsLockIsAnError() throws {
        fake.makeInstallsDiffer()
        let (installer, _) = try committed()
        #expect {
            try installer.ensure(build: release, log: log) { _ in }
        } throws: { error in
            "\(error)".contains("does not hold exactly its lock (surprise: installed 1.0, not in the lock)")
                && (error as? LiteLLMInstallError)?.exitStatus == CommandFailure.softwareExitCode
        }
        #expect(try !installer.isReady(build: release), "a venv that failed its check is not ready")
        let installs = fake.scratch.file("cache/installs")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: installs) == [],
            "a failed install leaves nothing behind, its lock file included")
    }

    @Test func namesAnOverrideThatCannotBeInstalled() throws {
        #expect {
            try installer.ensure(build: release, dependencies: .init(overrides: ["uvicorn==99"]), log: log) {
                _ in
            }
        } throws: { error in
            "\(error)".hasPrefix("uvicorn==99 cannot be installed")
                && "\(error)".contains("pip index versions uvicorn")
                && (error as? LiteLLMInstallError)?.exitStatus == CommandFailure.unavailableExitCode
        }
    }

    @Test func resolvesTheProxyRequirementsWhenTheExtraNamesUnservedPackages() throws {
        fake.makeProxyExtraUnserved()
        let progress = ProgressLines()
        let venv = try installer.ensure(
            build: .release(try LiteLLMVersion("1.110.2")),
            dependencies: .init(overrides: ["openai==1.61.0"]),
            log: log,
            progress: progress.append)
        #expect(fake.calls.filter { $0.hasPrefix("uv pip compile") }.count == 2)
        // LiteLLM's own metadata comes from a scratch venv it is installed into alone.
        #expect(
            fake.calls.contains {
                $0.hasPrefix("uv pip install --python \(fake.scratch.file("cache/tmp/resolve-"))")
                    && $0.contains("/metadata-venv/bin/python --no-deps") && $0.hasSuffix(" litellm==1.110.2")
            })
        let requirements = try String(contentsOfFile: log, encoding: .utf8)
        #expect(requirements.contains("# proxy requirements: gunicorn>=23.0.0,<24.0 | litellm-proxy-extras"))
        #expect(progress.all.contains { $0.contains("names packages the index does not serve here") })
        let lock = try LiteLLMLock(text: try venv.lockText())
        #expect(lock.pins["litellm"] == "1.110.2")
        #expect(lock.pins["openai"] == "1.61.0")
        #expect(venv.dependencies.overrides == ["openai==1.61.0"])
    }

    @Test func redoesAnInterruptedInstall() throws {
        let (installer, lock) = try committed()
        let root = installer.venvDirectory(build: release, lock: lock)
        try FileManager.default.createDirectory(atPath: root + "/lib", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: root + "/lib/half-written", contents: nil)
        let progress = ProgressLines()

        _ = try installer.ensure(build: release, log: log, progress: progress.append)
        #expect(!FileManager.default.fileExists(atPath: root + "/lib/half-written"))
        #expect(FileManager.default.fileExists(atPath: root + "/" + LiteLLMInstaller.readyMarker))
        #expect(progress.all.first == "removing unfinished venv \(root) (an earlier install was interrupted)")
    }

    @Test func reportsAFailedResolutionWithItsLogAndRetriesNextTime() throws {
        fake.breakPip()
        #expect {
            try installer.ensure(build: release, log: log) { _ in }
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("uv pip compile failed with exit code 1; full log: \(log)")
                && text.hasSuffix("\n    ERROR: pip broke")
        }
        fake.breakPip(false)
        let venv = try installer.ensure(build: release, log: log) { _ in }
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
                build: release, dependencies: .init(overrides: ["--index-url=http://x"]), log: log
            ) { _ in }
        } throws: { error in
            "\(error)".hasPrefix("'--index-url=http://x' is not a requirement to override")
        }
    }

    @Test func oneVenvPerLockAndOneInstallKeyPerChoiceOfDependencies() throws {
        let (installer, lock) = try committed()
        let other = try LiteLLMLock(text: lock.text + "six==1.0\n")
        #expect(
            installer.venvDirectory(build: release, lock: lock)
                != installer.venvDirectory(build: release, lock: other))
        #expect(
            installer.venvDirectory(build: release, lock: lock)
                == fake.scratch.file("cache/installs/litellm-1.61.20-\(lock.sha256.prefix(16))"))

        let plain = try installer.installKey(build: release)
        let overridden = try installer.installKey(
            build: release, dependencies: .init(overrides: ["openai==1.61.0", "httpx==0.27.2"]))
        #expect(plain == "litellm-1.61.20")
        #expect(overridden.hasPrefix(plain + "-"))
        #expect(
            try overridden
                == installer.installKey(
                    build: release,
                    dependencies: .init(overrides: ["httpx==0.27.2", "openai==1.61.0", "httpx==0.27.2"])))
        #expect(
            try plain != installer.installKey(build: release, dependencies: .init(resolveAsOf: "2025-02-20")))
        #expect(try plain != installer.installKey(build: release, dependencies: .init(lockFile: "x.lock")))

        let constraints = fake.scratch.file("c.txt")
        try "uvicorn<1\n".write(toFile: constraints, atomically: true, encoding: .utf8)
        let constrained = try installer.installKey(
            build: release, dependencies: .init(constraintsFile: constraints))
        #expect(constrained != plain)
        try "uvicorn<2\n".write(toFile: constraints, atomically: true, encoding: .utf8)
        #expect(
            try installer.installKey(build: release, dependencies: .init(constraintsFile: constraints))
                != constrained)
    }

    @Test func saysWhenTheConstraintsFileCannotBeRead() throws {
        #expect {
            try installer.installKey(build: release, dependencies: .init(constraintsFile: "/no/such/file"))
        } throws: { error in
            "\(error)".hasPrefix("cannot read the constraints file /no/such/file")
                && (error as? LiteLLMInstallError)?.exitStatus == UsageError.exitCode
        }
    }

    @Test func explainsHowToGetPythonWhenItIsMissing() throws {
        let installer = LiteLLMInstaller(
            cacheRoot: fake.scratch.file("cache"), python: "no-such-python3-for-lab", locksFolder: nil)
        #expect {
            try installer.ensure(build: release, log: log) { _ in }
        } throws: { error in
            "\(error)".hasPrefix("no-such-python3-for-lab not found on PATH (")
                && "\(error)".hasSuffix(
                    "install Python 3 with venv support (Debian: apt-get install python3-venv)")
        }
    }

    @Test func waitsWhileAnotherLabInstallsTheSameVenv() throws {
        let (installer, lock) = try committed()
        let root = installer.venvDirectory(build: release, lock: lock)
        try FileManager.default.createDirectory(
            atPath: fake.scratch.file("cache/installs"), withIntermediateDirectories: true)
        let held = open(root + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        #expect(flock(held, LOCK_EX) == 0)

        let progress = ProgressLines()
        let finished = DispatchSemaphore(value: 0)
        let (release, log) = (release, log)
        DispatchQueue.global().async {
            _ = try? installer.ensure(build: release, log: log, progress: progress.append)
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
        finished.wait()
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
