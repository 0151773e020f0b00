import Foundation

extension ProxyRequirements {
    /// An environment marker once the requested extra is known, other clauses left to pip.
    enum Marker: Equatable {
        /// Holds whatever the environment.
        case always
        /// Holds in no environment.
        case never
        /// Holds when this marker (without `extra` clauses) does.
        case condition(String)

        /// Settles the `extra == '...'` clauses of `marker` for an install of `extra` (or none).
        ///
        /// Follows PEP 508: `or` of `and`s, parentheses grouping, `extra` compared by normalized name.
        static func specialize(_ marker: String, extra: String?) -> Marker {
            let branches = topLevelSplit(marker, on: "or").map { branch in
                conjunction(topLevelSplit(branch, on: "and").map { clause(ofExtra: extra, $0) })
            }
            if branches.contains(.always) { return .always }
            let conditions = branches.compactMap { branch -> String? in
                guard case .condition(let text) = branch else { return nil }
                return text
            }
            return conditions.isEmpty ? .never : .condition(conditions.joined(separator: " or "))
        }

        private static func conjunction(_ clauses: [Marker]) -> Marker {
            if clauses.contains(.never) { return .never }
            let conditions = clauses.compactMap { clause -> String? in
                guard case .condition(let text) = clause else { return nil }
                return text
            }
            return conditions.isEmpty ? .always : .condition(conditions.joined(separator: " and "))
        }

        private static func clause(ofExtra extra: String?, _ text: String) -> Marker {
            if text.hasPrefix("("), text.hasSuffix(")") {
                let inner = specialize(String(text.dropFirst().dropLast()), extra: extra)
                guard case .condition(let condition) = inner else { return inner }
                return .condition("(\(condition))")
            }
            let sides = text.components(separatedBy: "==").map { $0.trimmingCharacters(in: .whitespaces) }
            guard sides.count == 2, sides[0] == "extra", let quote = sides[1].first, "'\"".contains(quote),
                sides[1].count >= 2, sides[1].last == quote
            else { return .condition(text) }
            let named = ProxyRequirements.normalized(String(sides[1].dropFirst().dropLast()))
            return named == extra.map(ProxyRequirements.normalized) ? .always : .never
        }

        /// Splits at `keyword` where it stands alone outside quotes and parentheses.
        private static func topLevelSplit(_ text: String, on keyword: String) -> [String] {
            var pieces: [String] = []
            var current = ""
            var depth = 0
            var quote: Character?
            var index = text.startIndex
            while index < text.endIndex {
                let character = text[index]
                if let open = quote {
                    if character == open { quote = nil }
                } else if character == "'" || character == "\"" {
                    quote = character
                } else if character == "(" {
                    depth += 1
                } else if character == ")" {
                    depth -= 1
                } else if depth == 0, character == " ", text[index...].hasPrefix(" \(keyword) ") {
                    pieces.append(current)
                    current = ""
                    index = text.index(index, offsetBy: keyword.count + 2)
                    continue
                }
                current.append(character)
                index = text.index(after: index)
            }
            pieces.append(current)
            return pieces.map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }
}
