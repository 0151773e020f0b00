import CLinuxEvents
#if canImport(Glibc)
    import Glibc
#endif

/// Readiness of a file descriptor, as the event loop reports it to a handler.
package struct IOEvents: OptionSet, Sendable {
    package let rawValue: UInt32
    package init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Bytes (or an end of stream) can be read.
    package static let readable = IOEvents(rawValue: EPOLLIN.rawValue)
    /// Bytes can be written, or a non-blocking connect finished.
    package static let writable = IOEvents(rawValue: EPOLLOUT.rawValue)
    /// The peer shut down its writing side or the connection is gone: a hang-up, even while we send nothing.
    package static let peerHangUp = IOEvents(rawValue: EPOLLRDHUP.rawValue | EPOLLHUP.rawValue)
    /// The socket has a pending error.
    package static let error = IOEvents(rawValue: EPOLLERR.rawValue)
}

/// Something registered with an `EventLoop` that reacts to its descriptor's readiness.
package protocol EventHandler: AnyObject {
    /// Called on the loop's thread with the events that fired.
    func handle(_ events: IOEvents)
}
