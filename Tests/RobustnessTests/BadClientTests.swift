import Foundation
@testable import LabLoad
import LabTestSupport
@testable import LabWire
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension Robustness {
    /// Slow, half-open, silent, oversized and garbage clients: each is handled, none hurts the others,
    /// and the counters stay exact after every one.
    @Suite struct BadClientTests {
        @Test func slowClientSendingAByteEvery100MillisecondsIsNotCountedUntilCompleteAndOthersAreServed()
            throws
        {
            let backend = try TestBackend()
            let slow = try LoopbackClient(port: backend.port)
            let slowBytes = 30
            let descriptor = slow.descriptor
            let slowDone = DispatchSemaphore(value: 0)
            let trickle = Thread {
                for byte in chatRequest.prefix(slowBytes) {
                    _ = withUnsafeBytes(of: byte) { send(descriptor, $0.baseAddress, 1, Int32(MSG_NOSIGNAL)) }
                    pause(.milliseconds(100))  // The slow client's pace: the scenario, not a wait.
                }
                slowDone.signal()
            }
            trickle.start()

            // Rounds of ordinary clients for as long as the slow one trickles (3 s).
            var others = 0
            var rounds = 0
            while slowDone.wait(timeout: .now()) == .timedOut {
                let clients = try (0..<5).map { _ in try LoopbackClient(port: backend.port) }
                for client in clients { client.send(chatRequest) }
                let held = Counts(active: 5, started: others + 5, clientClosed: others)
                #expect(try backend.settle(at: held) == held)
                #expect(backend.answersHealth())
                for client in clients { client.close() }
                others += 5
                rounds += 1
                let released = Counts(started: others, clientClosed: others)
                #expect(try backend.settle(at: released) == released)
            }
            #expect(rounds >= 2)
            #expect(slow.isOpenAndSilent, "the slow client was not timed out, nor answered")

            slow.send(Array(chatRequest.dropFirst(slowBytes)))
            let slowHeld = Counts(active: 1, started: others + 1, clientClosed: others)
            #expect(try backend.settle(at: slowHeld) == slowHeld)
            slow.close()
            let end = Counts(started: others + 1, clientClosed: others + 1)
            #expect(try backend.settle(at: end) == end)
        }

        /// Like Node's default (`allowHalfOpen: false`), a FIN from the client is the client going away.
        @Test(arguments: [false, true])
        func halfOpenClientAfterACompleteRequestCountsAsClientClosed(waitUntilHeld: Bool) throws {
            let backend = try TestBackend()
            let client = try LoopbackClient(port: backend.port)
            client.send(chatRequest)
            if waitUntilHeld {
                let held = Counts(active: 1, started: 1)
                #expect(try backend.settle(at: held) == held)
            }
            client.shutdownWriting()
            let (bytes, ending) = client.readToEnd()
            #expect(bytes.isEmpty && ending == .closed, "the backend closes without answering")
            let released = Counts(started: 1, clientClosed: 1)
            #expect(try backend.settle(at: released) == released)
        }

        @Test func halfOpenClientStillGetsTheAnswerToAControlRequestItCompleted() throws {
            let backend = try TestBackend()
            let client = try LoopbackClient(port: backend.port)
            client.send("GET /stats HTTP/1.1\r\nHost: t\r\n\r\n")
            client.shutdownWriting()
            let answer = client.statusBeforeClose()
            #expect(answer.status == 200 && answer.ending == .closed)
            #expect(try backend.settle(at: Counts()) == Counts())
        }

        @Test func halfOpenClientInTheMiddleOfARequestIsClosedWithoutCountingAnything() throws {
            let backend = try TestBackend()
            let client = try LoopbackClient(port: backend.port)
            client.send(Array(chatRequest.prefix(chatRequest.count - 10)))
            client.shutdownWriting()
            let (bytes, ending) = client.readToEnd()
            #expect(bytes.isEmpty && ending == .closed)
            #expect(backend.answersHealth())
            #expect(try backend.settle(at: Counts()) == Counts())
        }

        @Test func silentConnectionIsHeldOpenWithoutTimeoutOrCountWhileOthersAreServed() throws {
            let backend = try TestBackend()
            let silent = try LoopbackClient(port: backend.port)
            let clients = try (0..<3).map { _ in try LoopbackClient(port: backend.port) }
            for client in clients { client.send(chatRequest) }
            let held = Counts(active: 3, started: 3)
            #expect(try backend.settle(at: held) == held)
            #expect(backend.answersHealth())
            pause(.seconds(1))  // Silence for a while is the scenario: the backend must not time it out.
            #expect(silent.isOpenAndSilent)
            silent.close()
            for client in clients { client.close() }
            let released = Counts(started: 3, clientClosed: 3)
            #expect(try backend.settle(at: released) == released)
        }

        @Test func headerBlockOver64KiBIsRefusedWith431WhileHeldRequestsStayCounted() throws {
            let backend = try TestBackend()
            let clients = try (0..<3).map { _ in try LoopbackClient(port: backend.port) }
            for client in clients { client.send(chatRequest) }
            #expect(try backend.settle(at: Counts(active: 3, started: 3)) == Counts(active: 3, started: 3))

            let big = try LoopbackClient(port: backend.port)
            big.send(
                "GET /health HTTP/1.1\r\nX-Big: " + String(repeating: "a", count: 70 * 1024) + "\r\n\r\n")
            let answer = big.statusBeforeClose()
            #expect(answer.status == 431 && answer.ending != .timedOut)
            let afterRefusal = Counts(active: 3, started: 3, rejected: 1)
            #expect(try backend.settle(at: afterRefusal) == afterRefusal)

            let another = try LoopbackClient(port: backend.port)
            another.send(chatRequest)
            let fourHeld = Counts(active: 4, started: 4, rejected: 1)
            #expect(try backend.settle(at: fourHeld) == fourHeld)
            for client in clients + [another] { client.close() }
            let released = Counts(started: 4, clientClosed: 4, rejected: 1)
            #expect(try backend.settle(at: released) == released)
        }

        @Test func headerBlockOfExactly64KiBIsServedAndOneByteMoreIsRefused() throws {
            let backend = try TestBackend()
            let start = "GET /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\nX-Pad: "
            let end = "\r\n\r\n"
            let padding = 65_536 - start.utf8.count - end.utf8.count
            for (extra, status) in [(0, 200), (1, 431)] {
                let client = try LoopbackClient(port: backend.port)
                client.send(start + String(repeating: "p", count: padding + extra) + end)
                #expect(client.statusBeforeClose().status == status, "head of \(65_536 + extra) bytes")
            }
            #expect(try backend.settle(at: Counts(rejected: 1)) == Counts(rejected: 1))
        }

        @Test func declaredBodyOver8MiBIsRefusedWith413BeforeAnyBodyByteIsSent() throws {
            let backend = try TestBackend()
            let client = try LoopbackClient(port: backend.port)
            client.send(
                "POST /v1/chat/completions HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 9000000\r\n\r\n")
            let answer = client.statusBeforeClose()
            #expect(answer.status == 413 && answer.ending != .timedOut)
            #expect(try backend.settle(at: Counts(rejected: 1)) == Counts(rejected: 1))
            #expect(backend.answersHealth())
        }

        @Test func bodyOfExactly8MiBIsAcceptedAndHeld() throws {
            let backend = try TestBackend()
            let json = Array(LoadPlan.originalChatBody.utf8)
            let body = json + [UInt8](repeating: UInt8(ascii: " "), count: 8 * 1_048_576 - json.count)
            let client = try LoopbackClient(port: backend.port)
            client.send(
                HTTPRequest(
                    method: "POST", target: "/v1/chat/completions",
                    headers: HTTPHeaders([("Host", "t"), ("Content-Type", "application/json")]), body: body
                ).serialized())
            let held = Counts(active: 1, started: 1)
            #expect(try backend.settle(at: held) == held)
            client.close()
            #expect(
                try backend.settle(at: Counts(started: 1, clientClosed: 1))
                    == Counts(started: 1, clientClosed: 1))
        }

        @Test func chunkAnnouncingMoreThan8MiBIsRefusedWith413BeforeItsData() throws {
            let backend = try TestBackend()
            let client = try LoopbackClient(port: backend.port)
            client.send(
                "POST /v1/chat/completions HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n800001\r\n"
            )
            let answer = client.statusBeforeClose()
            #expect(answer.status == 413 && answer.ending != .timedOut)
            #expect(try backend.settle(at: Counts(rejected: 1)) == Counts(rejected: 1))
        }

        @Test func chunkedBodyGrowingPast8MiBIsRefusedWith413() throws {
            let backend = try TestBackend()
            let client = try LoopbackClient(port: backend.port)
            client.send("POST /v1/chat/completions HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
            let mebibyte = [UInt8](repeating: UInt8(ascii: " "), count: 1_048_576)
            for _ in 0..<8 {
                #expect(client.send(HTTPChunkedEncoding.chunk(mebibyte)))
            }
            // The ninth mebibyte's size line alone takes the body past the limit.
            client.send("100000\r\n")
            let answer = client.statusBeforeClose()
            #expect(answer.status == 413 && answer.ending != .timedOut)
            #expect(try backend.settle(at: Counts(rejected: 1)) == Counts(rejected: 1))
            #expect(backend.answersHealth())
        }

        static let garbage: [(name: String, bytes: [UInt8], status: Int)] = {
            var random = SeededRandom(seed: 0xBAD)
            let binary = (0..<1_000).map { _ in UInt8.random(in: 0...255, using: &random) } + [0x0A]
            return [
                ("a word", Array("GARBAGE\r\n\r\n".utf8), 400),
                ("random binary", binary, 400),
                ("NUL bytes", [0, 0, 0, 0, 0x0A], 400),
                ("HTTP/2 preface", Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8), 505),
                (
                    "non-decimal Content-Length",
                    Array(
                        "POST /v1/chat/completions HTTP/1.1\r\nHost: t\r\nContent-Length: abc\r\n\r\n".utf8),
                    400
                ),
                ("obs-fold", Array("GET /health HTTP/1.1\r\nX-A: 1\r\n  folded\r\n\r\n".utf8), 400),
                (
                    "gzip coding",
                    Array(
                        "POST /v1/chat/completions HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                            .utf8),
                    501
                ),
            ]
        }()

        @Test(arguments: garbage.indices)
        func garbageIsRefusedCountedAsRejectedAndTheServerKeepsServing(index: Int) throws {
            let (name, bytes, status) = Self.garbage[index]
            let backend = try TestBackend()
            let held = try LoopbackClient(port: backend.port)
            held.send(chatRequest)
            #expect(try backend.settle(at: Counts(active: 1, started: 1)) == Counts(active: 1, started: 1))
            let client = try LoopbackClient(port: backend.port)
            client.send(bytes)
            let answer = client.statusBeforeClose()
            #expect(answer.status == status && answer.ending != .timedOut, "\(name)")
            let after = Counts(active: 1, started: 1, rejected: 1)
            #expect(try backend.settle(at: after) == after, "\(name)")
            #expect(backend.answersHealth(), "\(name)")
            held.close()
            let end = Counts(started: 1, clientClosed: 1, rejected: 1)
            #expect(try backend.settle(at: end) == end, "\(name)")
        }

        /// A TLS ClientHello (or any binary junk) holds no line end: the backend waits for one, up to 64 KiB.
        @Test func garbageWithoutALineEndWaitsForOneThenIsRefusedWith431AtTheHeaderLimit() throws {
            let backend = try TestBackend()
            let client = try LoopbackClient(port: backend.port)
            var random = SeededRandom(seed: 0x715)
            let hello: [UInt8] = [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03]
            let noise = (0..<1_000).map { _ in UInt8.random(in: 0x0B...0xFF, using: &random) }
            client.send(hello + noise)
            #expect(backend.hasReadEverythingSentBefore())
            #expect(client.isOpenAndSilent)
            #expect(try backend.settle(at: Counts()) == Counts())
            client.send((0..<(70 * 1024)).map { _ in UInt8.random(in: 0x0B...0xFF, using: &random) })
            let answer = client.statusBeforeClose()
            #expect(answer.status == 431)
            #expect(try backend.settle(at: Counts(rejected: 1)) == Counts(rejected: 1))
        }

        @Test func thousandsOfConnectionsClosedOrResetWithoutAByteCountNothingAndTheServerStillServes()
            throws
        {
            raiseOpenFileLimit(to: 4_096)
            let backend = try TestBackend()
            for batch in 0..<6 {
                let clients = try (0..<500).map { _ in try LoopbackClient(port: backend.port) }
                for (index, client) in clients.enumerated() {
                    if (index + batch) % 2 == 0 { client.close() } else { client.reset() }
                }
            }
            #expect(backend.answersHealth())
            let client = try LoopbackClient(port: backend.port)
            client.send(chatRequest)
            #expect(try backend.settle(at: Counts(active: 1, started: 1)) == Counts(active: 1, started: 1))
            client.close()
            #expect(
                try backend.settle(at: Counts(started: 1, clientClosed: 1))
                    == Counts(started: 1, clientClosed: 1))
        }

        /// A sender faster than the backend reads must not monopolise its one thread: the header limit is
        /// crossed within the first 64 KiB, so the backend can refuse the line early and go on serving others.
        ///
        /// Two senders in turn: whether one happens to let the backend catch up is up to the scheduler.
        @Test func fastSenderOfAnEndlessHeaderLineDoesNotStopTheBackendServingOthers() throws {
            let backend = try TestBackend()
            let held = try LoopbackClient(port: backend.port)
            held.send(chatRequest)
            #expect(try backend.settle(at: Counts(active: 1, started: 1)) == Counts(active: 1, started: 1))
            let burst = [UInt8](repeating: UInt8(ascii: "a"), count: 64 * 1_048_576)
            for sender in 1...2 {
                let blaster = try LoopbackClient(port: backend.port, timeout: .seconds(2))
                let sent = try Self.blast(blaster, with: burst) {
                    for attempt in 1...3 {
                        #expect(
                            backend.answersHealth(timeout: .seconds(2)),
                            "sender \(sender), health check \(attempt)")
                        pause(.milliseconds(100))  // Checks spread over the blast: the scenario, not a wait.
                    }
                }
                let answer = blaster.statusBeforeClose()
                #expect(
                    answer.status == 431 || answer.ending == .reset, "after \(sent >> 20) MiB sent: \(answer)"
                )
                let after = Counts(active: 1, started: 1, rejected: sender)
                #expect(try backend.settle(at: after) == after)
            }
            held.close()
            let end = Counts(started: 1, clientClosed: 1, rejected: 2)
            #expect(try backend.settle(at: end) == end)
        }

        /// Starts an endless header line on `client`, then two threads write `burst` to it at once (single send
        /// calls, so the socket's queue never runs dry, as with a sender on a faster machine); runs `meanwhile`
        /// and returns the bytes sent. Bounded, so that even a stuck backend ends the test within seconds.
        private static func blast(_ client: LoopbackClient, with burst: [UInt8], meanwhile: () throws -> Void)
            throws -> Int
        {
            let descriptor = client.descriptor
            let sentBytes = SentBytes()
            let ready = DispatchSemaphore(value: 0)
            let go = DispatchSemaphore(value: 0)
            let done = DispatchSemaphore(value: 0)
            #expect(client.send(Array("GET /health HTTP/1.1\r\nX-Endless: ".utf8) + burst.prefix(32_768)))
            for _ in 0..<2 {
                let thread = Thread {
                    ready.signal()
                    go.wait()
                    let sent = burst.withUnsafeBytes {
                        send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                    }
                    sentBytes.value.add(max(sent, 0), ordering: .relaxed)
                    done.signal()
                }
                thread.start()
            }
            for _ in 0..<2 { ready.wait() }
            for _ in 0..<2 { go.signal() }
            try meanwhile()
            for _ in 0..<2 { done.wait() }
            return sentBytes.value.load(ordering: .relaxed)
        }

        /// Bytes pipelined behind a held request wait in the parser's buffer. The limits are meant to bound
        /// "the memory one connection can make the server hold", and the hang-up must stay visible: a backend
        /// that stops reading would never see this client's FIN, queued behind its unsent bytes.
        @Test func heldClientSendingEndlessBytesNeitherGrowsTheBackendsMemoryNorHidesItsHangUp() throws {
            let backend = try ChildBackend()
            defer { backend.stop() }
            let client = try LoopbackClient(port: backend.port, timeout: .seconds(2))
            client.send(chatRequest)
            #expect(backend.stats { $0 == Counts(active: 1, started: 1) } == Counts(active: 1, started: 1))
            let before = backend.residentBytes()
            let mebibyte = [UInt8](repeating: UInt8(ascii: "a"), count: 1_048_576)
            var accepted = 0
            for _ in 0..<128 {
                let count = client.sendCounting(mebibyte)
                accepted += count
                if count < mebibyte.count { break }
            }
            // No wait needed: what the kernel's buffers could not hold, the backend had read before the
            // sends above returned, so whatever it kept of it is in its memory already.
            let growth = backend.residentBytes() - before
            #expect(
                growth < 48 * 1_048_576,
                "the backend grew by \(growth >> 20) MiB holding a request whose client sent \(accepted >> 20) MiB more"
            )
            client.close()
            let end = backend.stats { $0 == Counts(started: 1, clientClosed: 1) }
            #expect(end == Counts(started: 1, clientClosed: 1))
        }
    }
}

/// Bytes the sending threads got into the socket.
private final class SentBytes: Sendable {
    let value = Atomic<Int>(0)
}
