import Foundation

/// `multipart/form-data` as the audio and image editing APIs' clients send it (RFC 7578): text fields and one file.
package enum MultipartForm {
    /// The boundary of the lab's own forms: fixed, so every request of a load is the same bytes.
    static let labBoundary = "litellm-leak-lab-form"

    /// The boundary named by a `multipart/form-data` content type, or nil for any other content type.
    static func boundary(of contentType: String?) -> String? {
        guard let contentType,
            contentType.lowercased().hasPrefix("multipart/form-data"),
            let parameter = contentType.split(separator: ";").dropFirst().first(where: {
                $0.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("boundary=")
            })
        else { return nil }
        let value = parameter.trimmingCharacters(in: .whitespaces).dropFirst("boundary=".count)
        let boundary = String(
            value.hasPrefix("\"") && value.hasSuffix("\"") ? value.dropFirst().dropLast() : value)
        return boundary.isEmpty ? nil : boundary
    }

    /// The form's text fields (parts without a file name) by name; nil when `bytes` is not such a form.
    static func textFields(_ bytes: [UInt8], boundary: String) -> [String: String]? {
        let delimiter = Array("--\(boundary)".utf8)
        var fields: [String: String] = [:]
        var parts = split(bytes, on: delimiter)
        guard parts.count >= 2, parts.removeFirst().allSatisfy({ $0 == 13 || $0 == 10 }) else { return nil }
        for part in parts {
            // The closing delimiter is followed by `--`.
            if part.starts(with: [45, 45]) { break }
            guard let end = firstRange(of: [13, 10, 13, 10], in: part) else { return nil }
            let head = String(decoding: part[part.startIndex..<end.lowerBound], as: UTF8.self)
            var content = part[end.upperBound...]
            if content.suffix(2).elementsEqual([13, 10]) { content = content.dropLast(2) }
            guard
                let disposition = head.split(separator: "\r\n").first(where: {
                    $0.lowercased().hasPrefix("content-disposition:")
                })
            else { return nil }
            let parameters = Dictionary(
                disposition.split(separator: ";").dropFirst().compactMap { parameter -> (String, String)? in
                    let pair = parameter.split(separator: "=", maxSplits: 1)
                    guard pair.count == 2 else { return nil }
                    return (
                        pair[0].trimmingCharacters(in: .whitespaces),
                        pair[1].trimmingCharacters(in: .init(charactersIn: "\" "))
                    )
                }
            ) { $1 }
            guard let name = parameters["name"] else { return nil }
            if parameters["filename"] == nil { fields[name] = String(decoding: content, as: UTF8.self) }
        }
        return fields
    }

    /// The form of `fields` and one `file` part, between `boundary` lines.
    package static func encode(
        fields: [(name: String, value: String)],
        file: (name: String, filename: String, contentType: String, bytes: [UInt8]),
        boundary: String
    ) -> [UInt8] {
        var body: [UInt8] = []
        for field in fields {
            body += Array(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field.name)\"\r\n\r\n\(field.value)\r\n"
                    .utf8)
        }
        body += Array(
            ("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\n"
                + "Content-Type: \(file.contentType)\r\n\r\n").utf8)
        body += file.bytes + Array("\r\n--\(boundary)--\r\n".utf8)
        return body
    }

    private static func split(_ bytes: [UInt8], on delimiter: [UInt8]) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var rest = bytes[...]
        while let range = firstRange(of: delimiter, in: rest) {
            parts.append(rest[rest.startIndex..<range.lowerBound])
            rest = rest[range.upperBound...]
        }
        parts.append(rest)
        return parts
    }

    private static func firstRange(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Range<Int>? {
        guard needle.count <= haystack.count else { return nil }
        var index = haystack.startIndex
        while index + needle.count <= haystack.endIndex {
            if haystack[index..<index + needle.count].elementsEqual(needle) {
                return index..<index + needle.count
            }
            index += 1
        }
        return nil
    }
}
