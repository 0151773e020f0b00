import LabProcesses

/// Hands out loopback ports upwards from a base, skipping busy ones.
///
/// Every scenario gets a port of its own: connections of an earlier scenario may still sit in
/// `TIME_WAIT` on the previous one, and a fresh backend makes its records the scenario's alone.
final class PortAllocator {
    private var next: Int

    /// Ports from `base` upwards.
    init(base: Int) { next = base }

    /// The next free port.
    func take() throws -> Int {
        while next <= 65_535 {
            let port = next
            next += 1
            if (try? PortCheck.ensureFree(port: port)) != nil { return port }
        }
        throw BenchError("no free loopback port left above the base port: pass a lower --base-port")
    }
}
