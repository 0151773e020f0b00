@testable import LabCore
@testable import LabEventLoop
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct SocketTests {
    @Test func listeningOnPortZeroBindsAFreePort() throws {
        let listener = try Socket.listen(host: "127.0.0.1", port: 0)
        defer { close(listener) }
        let bound = try SocketAddress.local(of: listener)
        #expect(bound.family == AF_INET)
        #expect(bound.port > 0)
    }

    @Test func listeningOnABusyPortThrowsAddressInUseNamingThePort() throws {
        let first = try Socket.listen(host: "127.0.0.1", port: 0)
        defer { close(first) }
        let port = try SocketAddress.local(of: first).port
        do {
            let second = try Socket.listen(host: "127.0.0.1", port: port)
            close(second)
            Issue.record("a second listener bound busy port \(port)")
        } catch ListenError.addressInUse(let host, let busyPort) {
            #expect(host == "127.0.0.1")
            #expect(busyPort == port)
            #expect(ListenError.addressInUse(host: host, port: busyPort).description.contains("port \(port)"))
        }
    }

    @Test func connectsToAListenerWithoutBlocking() throws {
        let listener = try Socket.listen(host: "127.0.0.1", port: 0)
        defer { close(listener) }
        let address = try SocketAddress.resolve(
            host: "127.0.0.1", port: SocketAddress.local(of: listener).port)
        let client = try Socket.startConnect(to: address)
        defer { close(client) }
        var entry = pollfd(fd: client, events: Int16(POLLOUT), revents: 0)
        #expect(poll(&entry, 1, 5_000) == 1)
        #expect(Socket.pendingError(client) == 0)
    }

    @Test func aRefusedConnectEndsWithConnectionRefused() throws {
        let listener = try Socket.listen(host: "127.0.0.1", port: 0)
        let port = try SocketAddress.local(of: listener).port
        close(listener)
        let address = try SocketAddress.resolve(host: "127.0.0.1", port: port)
        do {
            let client = try Socket.startConnect(to: address)
            defer { close(client) }
            var entry = pollfd(fd: client, events: Int16(POLLOUT), revents: 0)
            #expect(poll(&entry, 1, 5_000) == 1)
            #expect(Socket.pendingError(client) == ECONNREFUSED)
        } catch {
            #expect(error.code == ECONNREFUSED)
        }
    }
}

@Suite struct SocketAddressTests {
    @Test func resolvesAnIPv4Literal() throws {
        let address = try SocketAddress.resolve(host: "127.0.0.1", port: 5001)
        #expect(address.family == AF_INET)
        #expect(address.port == 5001)
        #expect(address.description == "127.0.0.1:5001")
    }

    @Test(arguments: ["::1", "[::1]"])
    func resolvesAnIPv6LiteralWithOrWithoutBrackets(host: String) throws {
        let address = try SocketAddress.resolve(host: host, port: 4000)
        #expect(address.family == AF_INET6)
        #expect(address.port == 4000)
        #expect(address.description == "[::1]:4000")
    }

    @Test func resolvesLocalhostToALoopbackAddress() throws {
        let address = try SocketAddress.resolve(host: "localhost", port: 80)
        #expect(["127.0.0.1:80", "[::1]:80"].contains(address.description))
    }

    @Test func anUnresolvableNameThrowsAMessageNamingItAndWhatToDo() throws {
        do {
            _ = try SocketAddress.resolve(host: "no-such-host.invalid", port: 5001)
            Issue.record("resolved a name under .invalid")
        } catch {
            #expect(error.host == "no-such-host.invalid")
            #expect(error.port == 5001)
            #expect(!error.reason.isEmpty)
            #expect(error.description.hasPrefix("cannot resolve no-such-host.invalid:5001: "))
            #expect(error.description.hasSuffix("; check the host name or use an IP address"))
        }
    }
}

@Suite struct ClockTests {
    @Test(arguments: [Duration.milliseconds(-5), .seconds(-2), .nanoseconds(-1), .zero])
    func aNegativeOrZeroDurationCountsAsZeroNanoseconds(duration: Duration) {
        #expect(duration.nanoseconds == 0)
    }

    @Test func convertsPositiveDurationsToNanoseconds() {
        #expect(Duration.milliseconds(1500).nanoseconds == 1_500_000_000)
        #expect(Duration.nanoseconds(7).nanoseconds == 7)
        #expect(Duration.milliseconds(250).seconds == 0.25)
    }

    @Test func monotonicClockNeverGoesBackwards() {
        var previous = LabClock.monotonicNanoseconds()
        for _ in 0..<1_000 {
            let now = LabClock.monotonicNanoseconds()
            #expect(now >= previous)
            previous = now
        }
    }

    @Test func formatsISO8601InUTCWithMilliseconds() {
        #expect(LabClock.iso8601(0) == "1970-01-01T00:00:00.000Z")
        #expect(LabClock.iso8601(1_700_000_000.5) == "2023-11-14T22:13:20.500Z")
    }

    @Test(arguments: [0.001, 0.123, 0.5, 0.999])
    func keepsTheExactMillisecondsOfATimestamp(fraction: Double) {
        let text = LabClock.iso8601(1_700_000_000 + fraction)
        let millis = Int((fraction * 1000).rounded())
        let expected = String(repeating: "0", count: 3 - String(millis).count) + String(millis)
        #expect(text == "2023-11-14T22:13:20.\(expected)Z")
    }
}
