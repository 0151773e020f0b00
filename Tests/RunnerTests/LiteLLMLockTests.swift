@testable import LabRecords
import Testing

@Suite struct LiteLLMLockTests {
    /// A lock as `uv pip compile --generate-hashes` writes one, under the lab's header.
    static let text = """
        # litellm-leak-lab lock: install with `lab run --lock FILE` (or `uv pip install --no-deps -r FILE`)
        # build: litellm[proxy]==1.61.20
        # resolved-as-of: release (2025-02-27)
        # resolved-on: 2026-12-07
        aiohttp==3.14.5 \\
            --hash=sha256:aa \\
            --hash=sha256:bb
        litellm==1.61.20 \\
            --hash=sha256:cc
        PyYAML==6.0.2 \\
            --hash=sha256:dd
        typing_extensions==4.15.0 ; python_version < "3.13" \\
            --hash=sha256:ee

        """

    @Test func readsEveryPinByItsNormalizedNameAndNothingElse() throws {
        let lock = try LiteLLMLock(text: Self.text)
        #expect(
            lock.pins == [
                "aiohttp": "3.14.5", "litellm": "1.61.20", "pyyaml": "6.0.2", "typing-extensions": "4.15.0",
            ])
        #expect(lock.fields["build"] == "litellm[proxy]==1.61.20")
        #expect(lock.resolvedAsOf == "release (2025-02-27)")
        #expect(lock.resolvedDay == "2025-02-27")
        #expect(try LiteLLMLock(text: "# resolved-as-of: 2026-11-25\nsix==1.0\n").resolvedDay == "2026-11-25")
        #expect(try LiteLLMLock(text: "six==1.0\n").resolvedDay == nil)
    }

    @Test func aPackageFromAFileIsPinnedByItsURL() throws {
        let lock = try LiteLLMLock(text: "litellm[proxy] @ file:///src/litellm\nsix==1.0\n")
        #expect(lock.pins == ["litellm": "file:///src/litellm", "six": "1.0"])
        #expect(lock.mismatches(inFreeze: "litellm==1.61.20\nsix==1.0\n").isEmpty)
    }

    @Test func aLockThatPinsNothingIsRefused() {
        #expect(throws: LiteLLMLockError.pinsNothing(path: "x.lock")) {
            try LiteLLMLock(text: "# only a comment\n\n", path: "x.lock")
        }
        #expect(throws: LiteLLMLockError.self) { try LiteLLMLock(contentsOf: "/no/such/lock") }
    }

    @Test func aFreezeMatchesItsLockWhatsoeverTheNamesSpelling() throws {
        let lock = try LiteLLMLock(text: Self.text)
        let freeze =
            "aiohttp==3.14.5\nlitellm==1.61.20\npip==24.0\nPyYAML==6.0.2\ntyping-extensions==4.15.0\n"
        #expect(lock.mismatches(inFreeze: freeze).isEmpty)
        #expect(
            lock.mismatches(inFreeze: "aiohttp==3.14.6\nlitellm==1.61.20\nPyYAML==6.0.2\nsix==1.0\n") == [
                "aiohttp: locked 3.14.5, installed 3.14.6",
                "typing-extensions: locked 4.15.0, installed nothing",
                "six: installed 1.0, not in the lock",
            ])
    }

    @Test func namesThePackagesThatMovedBetweenTwoLocks() throws {
        let old = try LiteLLMLock(text: "httpx==0.28.1\nopenai==3.57.0\nsix==1.0\n")
        let new = try LiteLLMLock(text: "httpx==0.29.0\nhttpx2==2.17.0\nopenai==3.63.0\nsix==1.0\n")
        #expect(
            old.changes(to: new) == ["httpx 0.28.1 → 0.29.0", "httpx2 - → 2.17.0", "openai 3.57.0 → 3.63.0"])
        #expect(old.changes(to: old).isEmpty)
    }

    @Test func itsHashIsItsTextsSoOneLockGivesOneVenv() throws {
        let lock = try LiteLLMLock(text: "six==1.0\n")
        // `printf 'six==1.0\n' | sha256sum`
        #expect(lock.sha256 == "3cdb0d2e3fda9149805598fe52d5f3bba1d069bfb1da0bd2c98a3ae1d65288e3")
        #expect(lock.sha256 != (try LiteLLMLock(text: "six==1.1\n")).sha256)
        #expect(
            lock.summary.hasPrefix(
                "a new resolution (sha256 \(lock.sha256.prefix(12)), resolved as of unknown)"))
    }
}
