import LabCore
import Testing

@testable import LabWire

@Suite struct WebSocketHandshakeTests {
    @Test func sha1MatchesTheStandardsVectors() {
        #expect(SHA1.digest([]).hex == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(SHA1.digest(Array("abc".utf8)).hex == "a9993e364706816aba3e25717850c26c9cd0d89d")
        let twoBlocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(SHA1.digest(Array(twoBlocks.utf8)).hex == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(
            SHA1.digest([UInt8](repeating: 0x61, count: 1_000_000)).hex
                == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test func acceptsTheKeyOfTheRFCsExample() {
        // RFC 6455 §1.3.
        #expect(
            WebSocketHandshake.accept(forKey: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func serverAndClientAgreeOnAFreshKey() throws {
        let key = WebSocketHandshake.newKey()
        let request = WebSocketHandshake.request(target: "/v1/realtime?model=m", host: "h:1", key: key)
        #expect(try WebSocketHandshake.key(of: request.head) == key)
        #expect(WebSocketHandshake.accepts(WebSocketHandshake.response(toKey: key), key: key))
        #expect(!WebSocketHandshake.accepts(WebSocketHandshake.response(toKey: key), key: "x"))
    }

    @Test func refusesRequestsThatAreNoUpgrade() {
        let good = WebSocketHandshake.request(target: "/", host: "h", key: WebSocketHandshake.newKey()).head
        var post = good
        post.method = "POST"
        #expect(throws: WebSocketHandshakeError.notGetOverHTTP11) { try WebSocketHandshake.key(of: post) }
        var plain = good
        plain.headers = HTTPHeaders([("Host", "h"), ("Sec-WebSocket-Version", "13")])
        #expect(throws: WebSocketHandshakeError.notAnUpgrade) { try WebSocketHandshake.key(of: plain) }
        var shortKey = good
        shortKey.headers = HTTPHeaders([
            ("Upgrade", "websocket"), ("Connection", "keep-alive, Upgrade"), ("Sec-WebSocket-Version", "13"),
            ("Sec-WebSocket-Key", "c2hvcnQ="),
        ])
        #expect(throws: WebSocketHandshakeError.invalidKey) { try WebSocketHandshake.key(of: shortKey) }
    }
}

extension [UInt8] {
    fileprivate var hex: String {
        map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }
}
