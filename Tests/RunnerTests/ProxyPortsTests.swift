import Foundation
import Glibc
@testable import LabProcesses
@testable import LabProxies
import Testing

@Suite struct ProxyPortsTests {
    @Test func aPortTheUserChoseIsUsedAsItIsAndNeverExchanged() throws {
        var ports = ProxyPorts(asked: 4000)
        #expect(try ports.next() == 4000)
        #expect(!ports.mayRetry)
        #expect(try ports.next() == 4000)
    }

    @Test func theLabChoosesVacantPortsAndGivesUpAfterThree() throws {
        var ports = ProxyPorts(asked: 0)
        for attempt in 1...3 {
            let port = try ports.next()
            try PortCheck.ensureFree(port: port)
            #expect(ports.mayRetry == (attempt < 3), "after \(attempt) ports")
        }
    }

    /// nginx, like uvicorn, says its address is in use and exits: the lab tells that from any other failure.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx"), "needs nginx"))
    func nginxOnAPortAnotherProgramListensOnFindsItsPortTaken() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let (occupier, port) = try listeningSocket()
        defer { close(occupier) }
        let nginx = try ProxyProcess.startControl(
            NginxConfig(
                backendURL: "http://127.0.0.1:9", port: port, ignoreClientAbort: false,
                prefix: scratch.file("nginx")),
            log: scratch.file("proxy.log"))
        defer { nginx.stop() }

        let error = #expect(throws: ProxyProcessError.self) {
            try nginx.waitUntilHealthy(timeout: .seconds(60)) { false }
        }
        #expect(
            error?.description
                == "the nginx proxy could not listen on 127.0.0.1:\(port): another program took the port before it "
                + "did (see \(scratch.file("proxy.log")))")
    }
}
