/// The first line of a message, which also decides how the message body is framed.
///
/// Requests and responses differ only here, so one ``MessageReader`` serves both parsers.
protocol StartLine: Sendable {
    /// How lines end and how many empty lines may lead the message, for this kind of message.
    static var lineRules: LineRules { get }

    /// Parses the line without its terminator.
    init(parsing line: ArraySlice<UInt8>) throws(HTTPParseError)

    /// Checks what this kind of message requires of its header fields beyond their syntax.
    func validate(_ headers: HTTPHeaders) throws(HTTPParseError)

    /// How the body after a head with this start line and `headers` is delimited.
    func bodyFraming(for headers: HTTPHeaders, maxBodyBytes: Int) throws(HTTPParseError) -> BodyFraming
}
