/// An ordered list of header fields as they appear on the wire.
///
/// Order and duplicates are kept because framing checks (RFC 9112 §6.3) must see every
/// `Content-Length` and `Transfer-Encoding` line, not only the first. Names compare
/// case-insensitively on lookup but are stored as written.
package struct HTTPHeaders: Sendable, Equatable, Sequence {
    /// One field: its name as written and its value without surrounding whitespace.
    package typealias Element = (name: String, value: String)

    private var fields: [Element] = []

    /// Creates headers from `(name, value)` pairs, keeping their order.
    ///
    /// Names must be tokens and values must not contain control characters (CR, LF, NUL...);
    /// anything else is a programming error because it would corrupt the serialized message.
    /// Text from outside the program (an option, the environment) is checked first with
    /// ``validate(value:)``, which throws instead.
    package init(_ fields: [(String, String)] = []) {
        for (name, value) in fields {
            add(name: name, value: value)
        }
    }

    /// The first value of the field called `name`, compared case-insensitively.
    package subscript(name: String) -> String? {
        fields.first { HTTPSyntax.equalsIgnoringASCIICase($0.name, name) }?.value
    }

    /// Every value of the field called `name`, in order, compared case-insensitively.
    package func values(for name: String) -> [String] {
        fields.filter { HTTPSyntax.equalsIgnoringASCIICase($0.name, name) }.map(\.value)
    }

    /// Appends a field after the existing ones, even if one with the same name exists.
    ///
    /// Preconditions are the same as for ``init(_:)``.
    package mutating func add(name: String, value: String) {
        precondition(HTTPSyntax.isToken(name.utf8), "header name \(name.debugDescription) is not a token")
        precondition(
            value.utf8.allSatisfy(HTTPSyntax.isFieldContent),
            "header value \(value.debugDescription) contains control characters")
        fields.append((name, value))
    }

    /// The number of fields, duplicates included.
    package var count: Int { fields.count }

    /// Iterates the fields in wire order.
    package func makeIterator() -> IndexingIterator<[Element]> {
        fields.makeIterator()
    }

    /// Whether both lists hold the same names and values in the same order.
    package static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }
}
