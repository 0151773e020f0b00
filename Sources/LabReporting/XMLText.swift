/// Text made safe for XML 1.0, shared by the SVG charts and the JUnit report.
enum XMLText {
    /// `text` escaped for element content and quoted attribute values alike.
    ///
    /// Control characters other than tab, newline and carriage return are not allowed in XML 1.0 even as
    /// character references, so a stray one in a reason or a log line becomes U+FFFD instead of breaking
    /// the whole file for the CI system that reads it.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                escaped += "\u{FFFD}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
