import Foundation
import LabLoad
import Synchronization

/// When each cell of a proxy start may begin its load, so that the cells share the proxy without handing it
/// more requests at once than it forwards promptly.
///
/// A load takes one of `width` slots (the machine's cores) while it needs the proxy's forwarding. A wall-clock
/// client (`--timeout-from sending`: `chat`, as the original report's `curl --max-time`) leaves a fixed time after
/// sending, whatever the proxy's speed: those loads go first, and each keeps its slot until its clients have
/// left. An arrival client leaves a fixed time after its own request reached the backend: those loads begin
/// once every wall-clock load has ended, and each gives its slot to the next as soon as all its requests have
/// reached the backend (or ended). Their holds, hang-ups and grace windows then overlap, while each cell's
/// requests are forwarded by a proxy with a short queue: a proxy handed every cell's requests at once forwarded
/// some 12 s late (300 requests, LiteLLM 1.110.2 on 2 cores), and a PASS waits twice that long in its settle
/// window.
final class LoadAdmission: @unchecked Sendable {
    // The state is guarded by `condition`, which the waiting loads also wait on.
    private let condition = NSCondition()
    private var wallClockCellsLeft: Int
    private var slotsTaken = 0
    private let width: Int

    /// Admission for `wallClockCells` cells whose clients leave at a wall-clock timeout, `width` loads at a time.
    init(wallClockCells: Int, width: Int) {
        wallClockCellsLeft = wallClockCells
        self.width = max(1, width)
    }

    /// The turn of one cell whose loads are timed from `start`, which begins `loads` loads (one per repeat).
    func turn(for start: TimeoutStart, loads: Int) -> LoadTurn {
        LoadTurn(admission: self, start: start, loads: loads)
    }

    fileprivate func takeSlot(_ start: TimeoutStart) {
        condition.lock()
        defer { condition.unlock() }
        while slotsTaken >= width || (start == .arrival && wallClockCellsLeft > 0) { condition.wait() }
        slotsTaken += 1
    }

    fileprivate func change(freeingSlot: Bool, endingWallClockCell: Bool) {
        guard freeingSlot || endingWallClockCell else { return }
        condition.lock()
        defer { condition.unlock() }
        if freeingSlot { slotsTaken -= 1 }
        if endingWallClockCell { wallClockCellsLeft -= 1 }
        condition.broadcast()
    }
}

/// One cell's turn: ``begin()`` before each load, ``pastTheProxy()`` once its requests all reached the backend,
/// ``loadEnded()`` after it; ``close()`` ends the turn of a cell that will begin no more loads (it failed before
/// its last), so that no other cell waits for it.
final class LoadTurn: Sendable {
    private let admission: LoadAdmission
    private let start: TimeoutStart
    private let state: Mutex<(loadsLeft: Int, holdsSlot: Bool)>

    fileprivate init(admission: LoadAdmission, start: TimeoutStart, loads: Int) {
        self.admission = admission
        self.start = start
        state = Mutex((max(1, loads), false))
    }

    /// Waits until the cell's next load may begin, and takes its slot.
    func begin() {
        admission.takeSlot(start)
        state.withLock { $0.holdsSlot = true }
    }

    /// Every request of the load under way reached the backend or ended: an arrival load gives its slot away.
    func pastTheProxy() {
        guard start == .arrival else { return }
        admission.change(freeingSlot: freeSlot(), endingWallClockCell: false)
    }

    /// The load begun last has ended: its clients have all left.
    func loadEnded() {
        let cellEnded = state.withLock { state in
            state.loadsLeft -= 1
            return state.loadsLeft == 0
        }
        admission.change(freeingSlot: freeSlot(), endingWallClockCell: cellEnded && start == .sending)
    }

    /// Ends the turn if loads were left to begin; nothing once they have all ended.
    func close() {
        let open = state.withLock { state in
            defer { state.loadsLeft = 0 }
            return state.loadsLeft > 0
        }
        admission.change(freeingSlot: open && freeSlot(), endingWallClockCell: open && start == .sending)
    }

    /// Whether the turn held a slot, which it no longer does.
    private func freeSlot() -> Bool {
        state.withLock { state in
            defer { state.holdsSlot = false }
            return state.holdsSlot
        }
    }
}
