import LabAPI

/// Splits a `text/event-stream` body into events as its bytes arrive, by the rules a browser client follows.
///
/// Lines end with CRLF, LF or CR, split anywhere across reads; `field: value` lines build an event, a
/// blank line dispatches it when it has data, lines starting with `:` are comments.
struct SSEParser {
    private var line: [UInt8] = []
    private var afterCR = false
    private var name: String?
    private var data: [String] = []

    /// Feeds body bytes and returns the events they completed, in order.
    mutating func feed(_ bytes: some Sequence<UInt8>) -> [SSEEvent] {
        var events: [SSEEvent] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") && afterCR {
                afterCR = false
                continue
            }
            afterCR = byte == UInt8(ascii: "\r")
            guard afterCR || byte == UInt8(ascii: "\n") else {
                line.append(byte)
                continue
            }
            if let event = endLine() { events.append(event) }
        }
        return events
    }

    private mutating func endLine() -> SSEEvent? {
        defer { line = [] }
        guard !line.isEmpty else { return dispatch() }
        guard line.first != UInt8(ascii: ":") else { return nil }
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex
        var value = line[colon...].dropFirst()
        if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        switch String(decoding: line[..<colon], as: UTF8.self) {
        case "event": name = String(decoding: value, as: UTF8.self)
        case "data": data.append(String(decoding: value, as: UTF8.self))
        default: break
        }
        return nil
    }

    private mutating func dispatch() -> SSEEvent? {
        defer {
            name = nil
            data = []
        }
        guard !data.isEmpty else { return nil }
        return SSEEvent(name: name, data: data.joined(separator: "\n"))
    }
}
