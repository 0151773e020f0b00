/// An HTTP protocol version such as `HTTP/1.1`.
package struct HTTPVersion: Sendable, Equatable, CustomStringConvertible {
    /// The digit before the dot.
    let major: Int
    /// The digit after the dot.
    let minor: Int

    /// Creates a version from its two digits.
    package init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// HTTP/1.0, whose connections close after each message unless `keep-alive` is sent.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    // The underscore keeps the dotted version readable; the project API fixes these names.
    static let http1_0 = HTTPVersion(major: 1, minor: 0)
    /// HTTP/1.1, the version every serializer writes.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    package static let http1_1 = HTTPVersion(major: 1, minor: 1)

    /// The version as written on the wire, e.g. `HTTP/1.1`.
    package var description: String { "HTTP/\(major).\(minor)" }
}

extension HTTPVersion {
    /// Reads `HTTP/DIGIT.DIGIT` (RFC 9112 §2.3); nil when the bytes are not a version at all.
    init?(wireBytes bytes: ArraySlice<UInt8>) {
        let text = Array(bytes)
        guard text.count == 8, text.starts(with: "HTTP/".utf8), text[6] == UInt8(ascii: "."),
            HTTPSyntax.isDigit(text[5]), HTTPSyntax.isDigit(text[7])
        else { return nil }
        self.init(major: Int(text[5] - UInt8(ascii: "0")), minor: Int(text[7] - UInt8(ascii: "0")))
    }

    /// Throws `.unsupportedVersion` unless this is HTTP/1.0 or HTTP/1.1.
    func requireSupported() throws(HTTPParseError) {
        guard self == .http1_0 || self == .http1_1 else { throw .unsupportedVersion }
    }
}
