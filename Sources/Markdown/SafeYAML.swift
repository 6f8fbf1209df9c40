// CYaml is the libyaml that Yams is built on (a module of the Yams package, not a product of it): its
// scanner gives the tokens of the text exactly as Yams will read them.
import CYaml
import Diagnostics
import Yams

/// YAML as front matter and `site.yml` may write it: scalars, lists and mappings, nested at most
/// ``maximumDepth`` levels, without anchors, aliases or merge keys.
///
/// An alias repeats the node its anchor names, so a few lines of aliases of aliases stand for billions of
/// nodes ("billion laughs"); merge keys (`<<: *a`) do the same with keys. Yams keeps an alias as the node
/// it names, and anything that walks, hashes or prints the node (its check for duplicate keys does, for a
/// key that is an alias) expands it. Nothing these files hold needs them, so they are refused before Yams
/// composes anything: the text is first run through libyaml's scanner, whose tokens take time linear in
/// the text, and the first anchor, alias, merge key or level too deep is reported at its line and column.
public enum SafeYAML {
    /// Mappings and sequences deeper than this are refused (Yams composes them recursively).
    public static let maximumDepth = 64

    /// Why a text is refused, at a 1-based line and column (in characters) of the text.
    public struct Refusal: Error, Sendable, Equatable {
        public enum Reason: Sendable, Equatable {
            case anchor, alias, mergeKey, tooDeep
        }

        public var reason: Reason
        public var line: Int
        public var column: Int

        /// The message for a file described as `subject` ("front matter", "site.yml").
        public func message(_ subject: String) -> Diagnostic.Message {
            switch reason {
            case .anchor: return .yamlAnchorRefused(subject)
            case .alias: return .yamlAliasRefused(subject)
            case .mergeKey: return .yamlMergeKeyRefused(subject)
            case .tooDeep: return .yamlTooDeep(subject)
            }
        }
    }

    /// The YAML's single document as Yams composes it with the basic resolver (plain scalars stay strings,
    /// typing is left to the caller); nil for an empty text. Throws a ``Refusal``, or Yams's `YamlError`
    /// for text that is not YAML.
    public static func compose(_ text: String) throws -> Node? {
        if let refusal = refusal(in: text) { throw refusal }
        return try Yams.compose(yaml: text, .basic, .default, .utf8)
    }

    /// The first anchor, alias, merge key or nesting too deep in `text`, or nil. Text the scanner
    /// cannot read is left to Yams, which stops at the same place with its own message.
    public static func refusal(in text: String) -> Refusal? {
        var bytes = Array(text.utf8)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        return bytes.withUnsafeMutableBufferPointer { buffer -> Refusal? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var depth = 0
            var afterKey = false
            var token = yaml_token_t()
            while yaml_parser_scan(&parser, &token) == 1 {
                defer { yaml_token_delete(&token) }
                let type = token.type
                let at = { (reason: Refusal.Reason) in
                    Refusal(
                        reason: reason, line: Int(token.start_mark.line) + 1, column: Int(token.start_mark.column) + 1)
                }
                switch type {
                case YAML_STREAM_END_TOKEN:
                    return nil
                case YAML_ANCHOR_TOKEN:
                    return at(.anchor)
                case YAML_ALIAS_TOKEN:
                    return at(.alias)
                case YAML_BLOCK_SEQUENCE_START_TOKEN, YAML_BLOCK_MAPPING_START_TOKEN, YAML_FLOW_SEQUENCE_START_TOKEN,
                    YAML_FLOW_MAPPING_START_TOKEN:
                    depth += 1
                    if depth > maximumDepth { return at(.tooDeep) }
                case YAML_BLOCK_END_TOKEN, YAML_FLOW_SEQUENCE_END_TOKEN, YAML_FLOW_MAPPING_END_TOKEN:
                    depth -= 1
                case YAML_SCALAR_TOKEN where afterKey:
                    let scalar = token.data.scalar
                    if scalar.style == YAML_PLAIN_SCALAR_STYLE, scalar.length == 2, let value = scalar.value,
                        value[0] == UInt8(ascii: "<"), value[1] == UInt8(ascii: "<")
                    {
                        return at(.mergeKey)
                    }
                default:
                    break
                }
                afterKey = type == YAML_KEY_TOKEN
            }
            return nil
        }
    }
}

extension SafeYAML {
    /// The error for what ``compose(_:)`` threw about a text described as `subject` ("front matter",
    /// "site.yml"): a ``Refusal``, or Yams's message at its mark. `location` turns a 1-based line and
    /// column of the YAML text into the place in the file (line 1, column 1 when YAML gives none).
    public static func diagnostic(
        for error: any Error, subject: String, location: (_ line: Int, _ column: Int) -> SourceLocation
    ) -> Diagnostic {
        if let refusal = error as? Refusal {
            return .error(at: location(refusal.line, refusal.column), refusal.message(subject))
        }
        if let error = error as? YamlError {
            switch error {
            case .scanner(let context, let problem, let mark, _),
                .parser(let context, let problem, let mark, _),
                .composer(let context, let problem, let mark, _):
                let detail = context.map { "\(problem) \($0.text)" } ?? problem
                return .error(at: location(mark.line, mark.column), .invalidYAML(subject, detail))
            default:
                break
            }
        }
        return .error(at: location(1, 1), .invalidYAML(subject, "\(error)"))
    }
}

extension Diagnostic.Message {
    /// `subject`: the file, as "front matter" or "site.yml".
    static func yamlAnchorRefused(_ subject: String) -> Self {
        "\(subject) may not use YAML anchors ('&name'): write each value out"
    }

    static func yamlAliasRefused(_ subject: String) -> Self {
        "\(subject) may not use YAML aliases ('*name'): write each value out"
    }

    static func yamlMergeKeyRefused(_ subject: String) -> Self {
        "\(subject) may not use YAML merge keys ('<<'): write each key out"
    }

    static func yamlTooDeep(_ subject: String) -> Self {
        "\(subject) nests lists and mappings more than \(SafeYAML.maximumDepth) levels deep"
    }

    /// `detail`: Yams's (libyaml's) own words.
    static func invalidYAML(_ subject: String, _ detail: String) -> Self {
        "\(subject) is not valid YAML: \(detail)"
    }
}
