import LabRecords

/// Renders backend counters in the Prometheus text exposition format (version 0.0.4).
enum PrometheusText {
    /// The content type Prometheus expects for this format.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// One `# HELP`, `# TYPE` and sample line per metric, newline-terminated.
    static func render(_ stats: BackendStats) -> String {
        var metrics: [(name: String, type: String, help: String, value: Int)] = [
            ("fake_backend_active_requests", "gauge", "Upstream requests held open right now.", stats.active),
            ("fake_backend_requests_started_total", "counter", "Upstream requests received.", stats.started),
            (
                "fake_backend_requests_completed_total", "counter",
                "Upstream requests answered after the hold.",
                stats.completed
            ),
            (
                "fake_backend_requests_client_closed_total", "counter",
                "Upstream requests whose peer hung up while held.", stats.clientClosed
            ),
            (
                "fake_backend_requests_rejected_total", "counter",
                "Requests refused as malformed, oversized or unroutable.", stats.rejected
            ),
            (
                "fake_backend_streamed_chunks_total", "counter", "Stream events written, each one chunk.",
                stats.streamedChunks
            ),
            (
                "fake_backend_streamed_bytes_total", "counter", "Stream body bytes written.",
                stats.streamedBytes
            ),
        ]
        if let slots = stats.slots {
            metrics += [
                ("fake_backend_slots", "gauge", "Requests served at once (--slots).", slots.slots),
                ("fake_backend_slots_in_use", "gauge", "Slots busy right now.", slots.inUse),
                (
                    "fake_backend_queued_requests", "gauge", "Requests waiting for a slot right now.",
                    slots.queued
                ),
                (
                    "fake_backend_requests_refused_total", "counter",
                    "Requests refused because every slot was busy and the queue full.", slots.refused
                ),
            ]
        }
        return metrics.map {
            "# HELP \($0.name) \($0.help)\n# TYPE \($0.name) \($0.type)\n\($0.name) \($0.value)\n"
        }
        .joined()
    }
}
