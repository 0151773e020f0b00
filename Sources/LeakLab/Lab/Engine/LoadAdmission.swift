import Foundation
import LabLoad
import Synchronization

/// When each cell of a proxy start may begin its load, so that every cell shares the proxy at once and none
/// is measured before the proxy could forward its requests.
///
/// A wall-clock client (`--timeout-from sending`: `chat`, as the original report's `curl --max-time`) leaves
/// a fixed time after sending, whatever the proxy's speed: those loads go first, `wallClockWidth` at a time,
/// while the proxy has nothing else to forward. An arrival client leaves a fixed time after its own request
/// reached the backend, so a slow proxy only delays its cell: those loads all begin together once every
/// wall-clock load has ended.
final class LoadAdmission: @unchecked Sendable {
    // The state is guarded by `condition`, which the waiting loads also wait on.
    private let condition = NSCondition()
    private var wallClockCellsLeft: Int
    private var wallClockLoadsUnderWay = 0
    private let wallClockWidth: Int

    /// Admission for `wallClockCells` cells whose clients leave at a wall-clock timeout, `wallClockWidth` of
    /// whose loads may run at once.
    init(wallClockCells: Int, wallClockWidth: Int) {
        wallClockCellsLeft = wallClockCells
        self.wallClockWidth = max(1, wallClockWidth)
    }

    /// The turn of one cell whose loads are timed from `start`, which begins `loads` loads (one per repeat).
    func turn(for start: TimeoutStart, loads: Int) -> LoadTurn {
        LoadTurn(admission: self, start: start, loads: loads)
    }

    fileprivate func begin(_ start: TimeoutStart) {
        condition.lock()
        defer { condition.unlock() }
        switch start {
        case .sending:
            while wallClockLoadsUnderWay >= wallClockWidth { condition.wait() }
            wallClockLoadsUnderWay += 1
        case .arrival:
            while wallClockCellsLeft > 0 { condition.wait() }
        }
    }

    fileprivate func end(_ start: TimeoutStart, cellEnded: Bool) {
        guard start == .sending else { return }
        condition.lock()
        defer { condition.unlock() }
        wallClockLoadsUnderWay -= 1
        if cellEnded { wallClockCellsLeft -= 1 }
        condition.broadcast()
    }

    fileprivate func endCell(_ start: TimeoutStart) {
        guard start == .sending else { return }
        condition.lock()
        defer { condition.unlock() }
        wallClockCellsLeft -= 1
        condition.broadcast()
    }
}

/// One cell's turn: ``begin()`` before each load, ``loadEnded()`` after it; ``close()`` ends the turn of a cell
/// that will begin no more loads (it failed before its last), so that no other cell waits for it.
final class LoadTurn: Sendable {
    private let admission: LoadAdmission
    private let start: TimeoutStart
    private let loadsLeft: Mutex<Int>

    fileprivate init(admission: LoadAdmission, start: TimeoutStart, loads: Int) {
        self.admission = admission
        self.start = start
        loadsLeft = Mutex(max(1, loads))
    }

    /// Waits until the cell's next load may begin.
    func begin() { admission.begin(start) }

    /// The load begun last has ended: its clients have all left.
    func loadEnded() {
        let cellEnded = loadsLeft.withLock { left in
            left -= 1
            return left == 0
        }
        admission.end(start, cellEnded: cellEnded)
    }

    /// Ends the turn if loads were left to begin; nothing once they have all ended.
    func close() {
        let open = loadsLeft.withLock { left in
            defer { left = 0 }
            return left > 0
        }
        if open { admission.endCell(start) }
    }
}
