#if canImport(Glibc)
    import Glibc
#endif

extension Socket {
    /// Makes the next `close` abort the connection with a reset (RST) instead of an orderly FIN.
    ///
    /// `SO_LINGER` on with a zero timeout discards unsent data and resets, as a client that aborts does.
    package static func resetOnClose(_ descriptor: Int32) {
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
    }
}
