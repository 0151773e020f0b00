import Foundation

/// SHA-1 (FIPS 180-4) of a short message, and Base64: what a websocket's opening handshake is made of
/// (RFC 6455 §4.2.2, `Sec-WebSocket-Accept`).
///
/// SHA-1 is broken for signatures; the handshake uses it only to prove the server read the key. The
/// toolchain has none on Linux (no CryptoKit), and the lab takes no package dependencies.
///
/// ```swift
/// SHA1.digest(Array("abc".utf8))  // a9 99 3e 36 …
/// ```
package enum SHA1 {
    /// The 20-byte digest of `message`.
    package static func digest(_ message: [UInt8]) -> [UInt8] {
        var state: [UInt32] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476, 0xc3d2_e1f0]
        let bits = UInt64(message.count) &* 8
        var padded = message + [0x80]
        padded += [UInt8](repeating: 0, count: (119 - message.count % 64) % 64)
        padded += (0..<8).reversed().map { UInt8(truncatingIfNeeded: bits >> ($0 * 8)) }
        for blockStart in stride(from: 0, to: padded.count, by: 64) {
            compress(padded[blockStart..<blockStart + 64], into: &state)
        }
        return state.flatMap { word in (0..<4).reversed().map { UInt8(truncatingIfNeeded: word >> ($0 * 8)) }
        }
    }

    /// `bytes` in Base64 with padding (RFC 4648 §4).
    package static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    private static func compress(_ block: ArraySlice<UInt8>, into state: inout [UInt32]) {
        var words = [UInt32](repeating: 0, count: 80)
        for index in 0..<16 {
            let start = block.startIndex + index * 4
            words[index] = block[start..<start + 4].reduce(0) { $0 << 8 | UInt32($1) }
        }
        for index in 16..<80 {
            let mixed = words[index - 3] ^ words[index - 8] ^ words[index - 14] ^ words[index - 16]
            words[index] = mixed << 1 | mixed >> 31
        }
        var (a, b, c, d, e) = (state[0], state[1], state[2], state[3], state[4])
        for index in 0..<80 {
            let (f, k): (UInt32, UInt32) =
                switch index {
                case 0..<20: ((b & c) | (~b & d), 0x5a82_7999)
                case 20..<40: (b ^ c ^ d, 0x6ed9_eba1)
                case 40..<60: ((b & c) | (b & d) | (c & d), 0x8f1b_bcdc)
                default: (b ^ c ^ d, 0xca62_c1d6)
                }
            let next = (a << 5 | a >> 27) &+ f &+ e &+ k &+ words[index]
            (e, d, c, b, a) = (d, c, b << 30 | b >> 2, a, next)
        }
        state[0] &+= a
        state[1] &+= b
        state[2] &+= c
        state[3] &+= d
        state[4] &+= e
    }
}
