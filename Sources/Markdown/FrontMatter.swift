import Diagnostics
import Yams

/// The YAML mapping between `---` lines at the very top of a page; empty when the page has none.
public struct FrontMatter: Sendable, Hashable {
    /// A scalar as YAML resolves it; anything else keeps its YAML text.
    public enum Value: Sendable, Hashable {
        case string(String)
        case int(Int)
        case double(Double)
        case bool(Bool)
        /// Sequences, mappings, null and other tags, as YAML text.
        case other(String)
    }

    /// One top-level `key: value` pair.
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: Value
        /// Where the key is in the file.
        public var location: SourceLocation
        /// Where the value is in the file (the key's location when YAML gives none).
        public var valueLocation: SourceLocation

        public init(key: String, value: Value, location: SourceLocation, valueLocation: SourceLocation? = nil) {
            self.key = key
            self.value = value
            self.location = location
            self.valueLocation = valueLocation ?? location
        }
    }

    /// The entries in the order they are written.
    public var entries: [Entry]

    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// The first entry with this key.
    public func entry(_ key: String) -> Entry? {
        entries.first { $0.key == key }
    }

    public subscript(key: String) -> Value? {
        entry(key)?.value
    }

    /// The value as text: strings as they are, numbers and booleans as written by YAML.
    public func string(_ key: String) -> String? {
        switch self[key] {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return String(b)
        case .other(let s): return s
        case nil: return nil
        }
    }

    public func int(_ key: String) -> Int? {
        if case .int(let i) = self[key] { return i }
        return nil
    }

    /// Integers count as doubles too.
    public func double(_ key: String) -> Double? {
        switch self[key] {
        case .double(let d): return d
        case .int(let i): return Double(i)
        default: return nil
        }
    }

    public func bool(_ key: String) -> Bool? {
        if case .bool(let b) = self[key] { return b }
        return nil
    }
}

/// Front matter found at the top of a file: what it holds and how many lines it takes.
struct FrontMatterBlock {
    var frontMatter: FrontMatter
    var diagnostics: [Diagnostic]
    /// The last line that belongs to the front matter (the closing `---` or `...`).
    var lastLine: Int

    /// Recognises `---` on line 1, a non-blank line 2, a closing `---`/`...` line, and YAML that is a
    /// mapping (or is broken: then the error is reported). Anything else is left to Markdown, so a
    /// page that opens with a thematic break still renders as CommonMark says.
    static func find(in source: SourceText) -> FrontMatterBlock? {
        func line(_ n: Int) -> ArraySlice<UInt8> {
            var end = source.lineEnd(n)
            let start = source.lineStarts[n - 1]
            while end > start, source.bytes[end - 1].isSpaceOrTab { end -= 1 }
            return source.bytes[start..<end]
        }
        let dashes: [UInt8] = Array("---".utf8)
        let dots: [UInt8] = Array("...".utf8)
        guard source.lineCount >= 3, Array(line(1)) == dashes, !line(2).isEmpty else { return nil }
        var closing: Int?
        for n in 2...source.lineCount {
            let text = Array(line(n))
            if text == dashes || text == dots {
                closing = n
                break
            }
        }
        guard let closing, closing > 2 else { return nil }
        let yaml = source.string(source.lineStarts[1]..<source.lineStarts[closing - 1])
        let at = { (mark: Mark?) -> SourceLocation in
            // The YAML text starts on line 2 of the file.
            SourceLocation(file: source.file, line: (mark?.line ?? 1) + 1, column: mark?.column ?? 1)
        }
        let node: Node?
        do {
            // The basic resolver leaves typing to `value(of:)`: no regular expressions per scalar, and
            // YAML 1.2's reading of plain scalars (`no` stays a string, as authors expect). Anchors,
            // aliases and merge keys are refused first: they could make the work explode.
            node = try SafeYAML.compose(yaml)
        } catch {
            let diagnostic = SafeYAML.diagnostic(for: error, subject: "front matter") { line, column in
                // The YAML text starts on line 2 of the file.
                SourceLocation(file: source.file, line: line + 1, column: column)
            }
            return FrontMatterBlock(frontMatter: FrontMatter(), diagnostics: [diagnostic], lastLine: closing)
        }
        guard let mapping = node?.mapping else { return nil }
        var entries: [FrontMatter.Entry] = []
        var diagnostics: [Diagnostic] = []
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                diagnostics.append(.error(at: at(key.mark), .frontMatterKeyNotPlain))
                continue
            }
            entries.append(
                FrontMatter.Entry(
                    key: name, value: Self.value(of: value), location: at(key.mark),
                    valueLocation: at(value.mark)))
        }
        return FrontMatterBlock(
            frontMatter: FrontMatter(entries: entries), diagnostics: diagnostics, lastLine: closing)
    }

    /// Plain scalars are typed as YAML 1.2's core schema says; quoted ones stay strings.
    private static func value(of node: Node) -> FrontMatter.Value {
        guard let scalar = node.scalar else {
            return .other((try? Yams.serialize(node: node)) ?? "")
        }
        let text = scalar.string
        guard scalar.style == .plain || scalar.style == .any else { return .string(text) }
        switch text {
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case "", "~", "null", "Null", "NULL": return .other(text)
        default: break
        }
        let numeric = text.utf8.allSatisfy { $0.isDigit || "+-.eE_".utf8.contains($0) }
        if numeric, let int = Int(text) { return .int(int) }
        if numeric, text.utf8.contains(where: \.isDigit), let double = Double(text) { return .double(double) }
        return .string(text)
    }
}

extension Diagnostic.Message {
    static let frontMatterKeyNotPlain: Self = "front matter keys must be plain names"
}
