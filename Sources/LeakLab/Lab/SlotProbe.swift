import Foundation
import LabAPI
import LabBackend
import LabCore
import LabLoad
import LabVerdict
import LabWire
import LabRecords

/// The new user the lab sends through the proxy after the abandoned requests, when the backend has slots: one
/// request to the same route and model, carrying the probe's prompt, given up on after the probe's patience.
///
/// It goes out once the verdict is decided and no earlier than the end of the grace window, so that it is
/// never counted in the verdict: what it meets is the cost of what the proxy still holds.
struct SlotProbe {
    /// The probe's request: the load's target, model and key, one non-streaming request.
    let plan: LoadPlan
    /// The backend the model is served by: its slots and records.
    let backend: HTTPURL
    let patience: Duration
    let grace: Duration

    /// A probe following `load`, the requests abandoned through the proxy, to `backend`.
    init(following load: LoadPlan, backend: HTTPURL, patience: Duration, grace: Duration) {
        var plan = load
        plan.requests = 1
        plan.timeout = patience
        plan.stream = false
        plan.behaviour = .timeout
        // The probe waits for a slot, its patience from when it was sent: a new user's client, on the wall clock.
        plan.timeoutFrom = .sending
        plan.body =
            load.endpoint.format.requestBody(
                model: load.model ?? load.endpoint.defaultModel, stream: false, prompt: SlotProbePrompt.text
            ).bytes
        self.plan = plan
        self.backend = backend
        self.patience = patience
        self.grace = grace
    }

    /// Sends the probe after `report`'s grace window and says what it met; a failure when the backend's slots
    /// cannot be read or it has none.
    func run(after report: VerdictReport) -> SlotProbeResult {
        let hangUp = report.load?.lastHangUpAt
        if let hangUp {
            let wait = hangUp + grace.seconds - LabClock.unixSeconds()
            if wait > 0 { PollingClock.system.sleep(until: LabClock.deadline(after: .seconds(wait))) }
        }
        let before: SlotStats
        do {
            guard let slots = try stats().slots else {
                return failure("the backend at \(backend) has no slots: start it with --slots N")
            }
            before = slots
        } catch {
            return failure("could not read the backend's slots: \(error)")
        }
        let sentAt = LabClock.unixSeconds()
        let summary: LoadSummary
        do { summary = try LoadClient.run(plan) } catch {
            return failure("the probe could not start: \(error)")
        }
        return SlotProbeResult.measure(
            before: before, after: (try? stats())?.slots, probe: summary, records: (try? records()) ?? [],
            sentAt: sentAt, hangUpAt: hangUp, patienceSeconds: patience.seconds)
    }

    private func failure(_ reason: String) -> SlotProbeResult {
        SlotProbeResult(
            outcome: .failed, slots: 0, slotsHeld: 0, patienceSeconds: patience.seconds, failure: reason)
    }

    private func stats() throws -> BackendStats { try BackendReader(backend).stats(timeout: .seconds(2)) }

    private func records() throws -> [RequestRecord] { try BackendReader(backend).records() }
}
