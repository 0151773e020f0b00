import Foundation
import FoundationXML

/// Parses XML strictly and keeps each element's name and attributes, so tests can check both that a file
/// is well-formed and what it holds.
///
/// `XMLParser`, not `XMLDocument`: on Linux the latter recovers from errors (an unclosed tag still yields a
/// document), which would let a broken file pass.
final class XMLCheck: NSObject, XMLParserDelegate {
    /// Every element, in document order.
    private(set) var elements: [(name: String, attributes: [String: String])] = []
    /// The text of every element that has some, by element name, in document order.
    private(set) var texts: [String: [String]] = [:]
    private var text = ""

    /// Parses `xml`; nil when it is not well-formed.
    static func parse(_ xml: String) -> XMLCheck? {
        let check = XMLCheck()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = check
        return parser.parse() && parser.parserError == nil ? check : nil
    }

    /// The elements called `name`.
    func elements(_ name: String) -> [[String: String]] {
        elements.filter { $0.name == name }.map(\.attributes)
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements.append((elementName, attributes))
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
    ) {
        if !text.isEmpty { texts[elementName, default: []].append(text) }
        text = ""
    }
}
