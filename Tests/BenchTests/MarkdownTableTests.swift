@testable import LabReporting
import Testing

@Suite struct MarkdownTableTests {
    @Test func rendersHeaderAlignmentAndRows() {
        var table = MarkdownTable([("backend", .left), ("resident", .right)])
        table.append(["fake-backend", "12.4 MiB"])
        table.append(["asyncio", "96.0 MiB"])
        #expect(
            table.text == """
                | backend | resident |
                |---|---:|
                | fake-backend | 12.4 MiB |
                | asyncio | 96.0 MiB |

                """)
    }

    @Test func escapesPipesAndNewlinesInCells() {
        var table = MarkdownTable([("reason", .left)])
        table.append(["a | b\nc"])
        #expect(table.text.hasSuffix("| a \\| b c |\n"))
    }

    @Test func shortRowsGetEmptyCells() {
        var table = MarkdownTable([("a", .left), ("b", .left)])
        table.append(["1"])
        #expect(table.text.hasSuffix("| 1 |  |\n"))
    }
}
