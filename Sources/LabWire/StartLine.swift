/// The first line of a message, which also decides how the message body is framed.
///
/// Requests and responses differ only here, so one ``MessageReader`` serves both parsers.
protocol StartLine: Sendable {
    /// Parses the line without its terminator.
    init(parsing line: ArraySlice<UInt8>) throws(HTTPParseError)

    /// How the body after a head with this start line and `headers` is delimited.
    func bodyFraming(for headers: HTTPHeaders, maxBodyBytes: Int) throws(HTTPParseError) -> BodyFraming
}
