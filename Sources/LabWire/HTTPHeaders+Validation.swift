extension HTTPHeaders {
    /// Checks text from outside the program (an option, an environment variable) before it becomes a
    /// field value.
    ///
    /// ``add(name:value:)`` traps on a control character, because inside the program one is a bug;
    /// text a user typed deserves an error that says what is wrong. Surrounding whitespace is refused
    /// too: the recipient would strip it, so the value it got would not be the value given.
    ///
    /// ```swift
    /// try HTTPHeaders.validate(value: "sk-1234")  // fine
    /// try HTTPHeaders.validate(value: "sk-1234\n")  // throws .controlCharacter("\n", position: 8)
    /// ```
    package static func validate(value: String) throws(HTTPFieldValueError) {
        for (index, scalar) in value.unicodeScalars.enumerated()
        where scalar.isASCII && !HTTPSyntax.isFieldContent(UInt8(scalar.value)) {
            throw .controlCharacter(scalar, position: index + 1)
        }
        if let first = value.utf8.first, let last = value.utf8.last,
            HTTPSyntax.isWhitespace(first) || HTTPSyntax.isWhitespace(last)
        {
            throw .surroundingWhitespace
        }
    }
}
