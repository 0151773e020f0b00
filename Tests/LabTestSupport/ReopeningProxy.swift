import Foundation
import LabWire

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback proxy that does what LiteLLM's router does after a timeout: when its client hangs up it
/// closes its upstream request (the held count goes back to the baseline), and then, after `reopenAfter`,
/// sends the same request upstream again for a client that is gone. With `reopenAfter` nil it only releases:
/// a proxy that behaves.
package final class ReopeningProxy: Sendable {
    private let proxy: LoopbackProxy

    /// Listens on a free loopback port, forwarding to `backend`.
    package init(backend: HTTPURL, reopenAfter: Duration?) throws {
        proxy = try LoopbackProxy(backend: backend) { proxy, client in
            Self.relay(client, through: proxy, reopenAfter: reopenAfter)
        }
    }

    /// The loopback port it listens on.
    package var port: Int { proxy.port }

    /// Stops accepting and closes every upstream request it still holds open.
    package func stop() { proxy.stop() }

    private static func relay(_ client: Int32, through proxy: LoopbackProxy, reopenAfter: Duration?) {
        guard let request = proxy.readRequest(from: client), let first = proxy.sendUpstream(request) else {
            return
        }
        // Held upstream until the client leaves: any byte or the end of its stream means it is gone.
        while !proxy.isStopped {
            guard proxy.wait(for: POLLIN, on: client, milliseconds: 50) else { continue }
            var byte: UInt8 = 0
            if recv(client, &byte, 1, 0) <= 0 { break }
        }
        proxy.release(first)
        guard let reopenAfter, !proxy.isStopped else { return }
        // The retry after its back-off, as a router schedules it.
        DispatchQueue.global().asyncAfter(deadline: .now() + reopenAfter.seconds) {
            if !proxy.isStopped, let again = proxy.sendUpstream(request) { proxy.leaveOpenUntilStop(again) }
        }
    }
}
