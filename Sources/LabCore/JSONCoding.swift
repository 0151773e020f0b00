import Foundation

/// The one JSON style of every file and endpoint the lab writes: snake_case keys, sorted, readable.
package enum JSONCoding {
    /// Encodes `value` as sorted, snake_case JSON, indented unless `pretty` is false.
    package static func encode(_ value: some Encodable, pretty: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys] : [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(value)
    }

    /// Decodes snake_case JSON into `type`.
    package static func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws -> Value {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(type, from: data)
    }

    /// Writes `value` to `path` atomically, so a reader never sees half a file.
    package static func write(_ value: some Encodable, to path: String) throws {
        try encode(value).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Reads and decodes the file at `path`.
    package static func read<Value: Decodable>(_ type: Value.Type, from path: String) throws -> Value {
        try decode(type, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
