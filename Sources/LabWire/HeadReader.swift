/// Reads a start line and its header fields, enforcing the header block limit as bytes arrive.
///
/// The limit covers the start line, every field line and the empty line that ends the block,
/// terminators included, and is checked before a line is complete.
struct HeadReader<Line: StartLine>: Sendable {
    private let limit: Int
    private var used = 0
    private var emptyLinesSkipped = 0
    private var startLine: Line?
    private var headers = HTTPHeaders()

    /// Creates a reader for one head of at most `limit` bytes.
    init(limit: Int) {
        self.limit = limit
    }

    /// Whether the start line has been read, i.e. a message is in progress.
    var hasStarted: Bool { startLine != nil }

    /// Consumes lines until the head is complete, then returns it and resets for the next one.
    mutating func read(from buffer: inout WireBuffer) throws(HTTPParseError) -> (Line, HTTPHeaders)? {
        while let line = try buffer.readLine(limit: limit - used, orThrow: .headerBlockTooLarge) {
            guard let startLine else {
                if line.content.isEmpty {
                    try skipEmptyLine()
                } else {
                    self.startLine = try Line(parsing: line.content)
                    used += line.length
                }
                continue
            }
            used += line.length
            if line.content.isEmpty {
                let head = (startLine, headers)
                self = HeadReader(limit: limit)
                return head
            }
            let field = try HTTPHeaders.parseField(line.content)
            headers.add(name: field.name, value: field.value)
        }
        return nil
    }

    /// RFC 9112 §2.2: empty lines before the start line are ignored, up to the bound the line rules
    /// set; they do not count against the limit, which is about the head itself.
    private mutating func skipEmptyLine() throws(HTTPParseError) {
        emptyLinesSkipped += 1
        if let bound = Line.lineRules.maxEmptyLinesBeforeStartLine, emptyLinesSkipped > bound {
            throw .tooManyEmptyLines
        }
    }
}
