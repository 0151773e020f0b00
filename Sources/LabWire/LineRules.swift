/// What a reader forgives about line ends and about empty lines before a message: the rules where a
/// server and a client differ.
struct LineRules: Sendable {
    /// Whether a LF without a CR before it ends a line (RFC 9112 §2.2 lets a recipient choose).
    let acceptsBareLineFeed: Bool
    /// How many empty lines may come before the start line; nil for any number.
    let maxEmptyLinesBeforeStartLine: Int?
}
