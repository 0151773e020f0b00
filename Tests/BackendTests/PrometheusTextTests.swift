@testable import LabBackend
import Testing
@testable import LabRecords

@Suite struct PrometheusTextTests {
    @Test func rendersEveryCounterWithHelpAndType() {
        let stats = BackendStats(
            active: 3, started: 10, completed: 2, clientClosed: 5, rejected: 1,
            time: 0, uptimeSeconds: 1, streamedChunks: 42, streamedBytes: 4_200)
        let text = PrometheusText.render(stats)
        let samples = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(
            samples == [
                "fake_backend_active_requests 3",
                "fake_backend_requests_started_total 10",
                "fake_backend_requests_completed_total 2",
                "fake_backend_requests_client_closed_total 5",
                "fake_backend_requests_rejected_total 1",
                "fake_backend_streamed_chunks_total 42",
                "fake_backend_streamed_bytes_total 4200",
            ])
        #expect(text.contains("# TYPE fake_backend_active_requests gauge\n"))
        #expect(text.contains("# TYPE fake_backend_requests_started_total counter\n"))
        #expect(text.hasSuffix("\n"))
    }
}
