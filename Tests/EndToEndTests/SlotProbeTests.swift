import Foundation
@testable import LabCore
@testable import LabVerdict
import Testing

/// What a leak costs the next user, measured: the fake backend with 10 slots, 10 abandoned requests through
/// the proxy, then a slot probe at the end of the grace window.
@Suite(.serialized, .enabled(if: endToEndEnabled, "set LAB_E2E=1 (make test does)"))
struct SlotProbeTests {
    @Test func behindLiteLLM1_61_20ANewUserFindsEverySlotHeldAndWaitsPastItsPatience() throws {
        let run = try SlotRun(["--litellm-version", "1.61.20", "--expect", "leak"])
        #expect(run.status == 0, "\(run.output)")
        let probe = try #require(run.report.slotProbe, "no slot probe in verdict.json")
        #expect(probe.outcome == .stillWaiting && probe.slots == 10 && probe.slotsHeld == 10)
        // Every slot is held until the backend's 3600 s hold ends: the wait is derived from it.
        #expect((probe.derivedWaitSeconds ?? 0) > 3000)
        #expect(run.output.contains("[lab] cost to a new user: 10 of 10 slots held by abandoned requests"))
        #expect(run.report.verdict == .leak)
    }

    @Test func behindNginxANewUserIsServedAtOnce() throws {
        let run = try SlotRun(["--proxy", "nginx", "--expect", "no-leak"])
        #expect(run.status == 0, "\(run.output)")
        let probe = try #require(run.report.slotProbe, "no slot probe in verdict.json")
        #expect(probe.outcome == .served && probe.slotsHeld == 0 && probe.status == 200)
        #expect(probe.slotWaitSeconds != nil)
    }

    @Test func behindLiteLLM1_110_2CancellingOnDisconnectANewUserIsServedAtOnce() throws {
        let run = try SlotRun([
            "--litellm-version", "1.110.2", "--setting", "general_settings.cancel_on_disconnect=true",
            "--expect", "no-leak",
        ])
        #expect(run.status == 0, "\(run.output)")
        let probe = try #require(run.report.slotProbe, "no slot probe in verdict.json")
        #expect(probe.outcome == .served && probe.slotsHeld == 0 && probe.status == 200)
    }

    @Test func aFullQueueRefusesTheNewUserWith503() throws {
        let run = try SlotRun([
            "--proxy", "nginx-ignore-client-abort", "--queue-limit", "0", "--expect", "leak",
        ])
        #expect(run.status == 0, "\(run.output)")
        let probe = try #require(run.report.slotProbe, "no slot probe in verdict.json")
        #expect(probe.outcome == .refused && probe.slotsHeld == 10 && probe.refusals == 1)
    }
}

/// `lab run --slots 10` with `arguments`, on ports of its own, in a fresh folder.
private struct SlotRun {
    let status: Int32
    let output: String
    let report: VerdictReport

    init(_ arguments: [String]) throws {
        let runs = try temporaryFolder("slots")
        (status, output) = try runProduct(
            "lab",
            ["run", "--slots", "10", "--backend-port", "0", "--proxy-port", "0", "--runs-dir", "lab-runs"]
                + arguments,
            in: runs)
        let folder =
            runs + "/lab-runs/"
            + (try FileManager.default.destinationOfSymbolicLink(atPath: runs + "/lab-runs/latest"))
        report = try JSONCoding.read(VerdictReport.self, from: folder + "/verdict.json")
    }
}
