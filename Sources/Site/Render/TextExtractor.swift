import Foundation

/// A small HTML reader for the bodies our renderer writes (and authors' raw HTML in them): it follows
/// tags only as far as the index needs, never builds a tree, and tolerates any markup.
struct TextExtractor {
    struct RawSection {
        var anchor: String
        var heading: String
        var text: String
    }

    let bytes: [UInt8]
    var position = 0
    var sections: [RawSection] = [RawSection(anchor: "", heading: "", text: "")]
    /// Bytes of the text being collected (the current section's, or its heading's).
    var text: [UInt8] = []
    var heading: [UInt8] = []
    /// Inside an `<h2 id>`/`<h3 id>`: its name, until its end tag.
    var headingTag: [UInt8]? = nil
    /// Inside an element left out of the index: its name and how deeply it nests in itself.
    var skipping: (name: [UInt8], depth: Int)? = nil
    /// Inside `<math>` (nesting depth), and whether the outermost one is display math.
    var mathDepth = 0
    var mathIsBlock = false
    /// Raw text collected per section or heading beyond which more is ignored (it is cut to far less).
    let textBudget = SearchIndex.maxText * 8

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// How the reader treats an element.
    enum Kind {
        /// Never text a reader searches (or reads as prose): left out with all it contains.
        case skipped
        /// Never has content or an end tag.
        case void
        /// Inside a line of text: its tags do not separate words.
        case inline
        /// Any other element: its tags separate words.
        case block
        case heading, math, table
        /// MathML: an operator, and the elements that separate numbers (matrix cells, spaces).
        case mathOperator, mathSeparator
    }

    /// The kinds of the elements that are not ``Kind/block``, by name in lower case.
    static let kinds: [[UInt8]: Kind] = {
        var kinds: [[UInt8]: Kind] = [:]
        func add(_ kind: Kind, _ names: [String]) {
            for name in names { kinds[Array(name.utf8)] = kind }
        }
        add(
            .skipped,
            [
                "script", "style", "template", "noscript", "svg", "pre", "textarea", "button", "select", "mphantom",
                "annotation", "annotation-xml", "iframe", "object", "video", "audio", "canvas",
            ])
        add(
            .void,
            ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"])
        add(
            .inline,
            [
                "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q", "s",
                "del", "ins", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "output", "label",
            ])
        add(.heading, ["h2", "h3"])
        add(.math, ["math"])
        add(.table, ["table"])
        add(.mathOperator, ["mo"])
        add(.mathSeparator, ["mtd", "mspace"])
        return kinds
    }()

    /// MathML operators set off with spaces in the text (others, such as parentheses, are not).
    static let spacedOperators: Set<String> = [
        "=", "+", "-", "−", "×", "·", "±", "<", ">", "≤", "≥", "≠", "≈", "∝", "→", "←", "↦", "∈", "∑", "∏", "∫", "/",
    ]

    mutating func run() -> [RawSection] {
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "<") {
                readMarkup()
            } else if byte == UInt8(ascii: "&") {
                readEntity()
            } else {
                emit(byte)
                position += 1
            }
        }
        if headingTag != nil { endHeading() }
        finishSection()
        return sections
    }

    // MARK: Output

    mutating func emit(_ byte: UInt8) {
        guard skipping == nil else { return }
        if headingTag != nil {
            if heading.count < textBudget { heading.append(byte) }
        } else if text.count < textBudget {
            text.append(byte)
        }
    }

    mutating func emit(_ string: String) {
        for byte in string.utf8 { emit(byte) }
    }

    mutating func finishSection() {
        sections[sections.count - 1].text = String(decoding: text, as: UTF8.self)
        text = []
    }

    mutating func endHeading() {
        sections[sections.count - 1].heading = String(decoding: heading, as: UTF8.self)
        heading = []
        headingTag = nil
    }

    // MARK: Markup

    /// At `<`: a comment, a declaration, an end tag, a start tag, or a literal `<`.
    mutating func readMarkup() {
        if starts(with: "<!--") {
            position = find("-->").map { $0 + 3 } ?? bytes.count
            return
        }
        let next = position + 1 < bytes.count ? bytes[position + 1] : 0
        if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
            position = find(">").map { $0 + 1 } ?? bytes.count
            return
        }
        let closing = next == UInt8(ascii: "/")
        let nameStart = position + (closing ? 2 : 1)
        guard nameStart < bytes.count, Self.isLetter(bytes[nameStart]) else {
            emit(UInt8(ascii: "<"))
            position += 1
            return
        }
        var cursor = nameStart
        var name: [UInt8] = []
        while cursor < bytes.count, !Self.isSpace(bytes[cursor]), bytes[cursor] != UInt8(ascii: ">"),
            bytes[cursor] != UInt8(ascii: "/")
        {
            name.append(Self.lowercased(bytes[cursor]))
            cursor += 1
        }
        let (attributes, selfClosing, end) = readAttributes(from: cursor, keep: !closing && skipping == nil)
        position = end
        if closing {
            endTag(name)
        } else {
            startTag(name, attributes: attributes, selfClosing: selfClosing)
        }
    }

    /// The attributes the index looks at (``wantedAttributes``) from `start` to the tag's `>`, values with
    /// entities decoded; with `keep` false, only where the tag ends.
    func readAttributes(from start: Int, keep: Bool) -> (attributes: [String: String], selfClosing: Bool, end: Int) {
        var attributes: [String: String] = [:]
        var cursor = start
        var selfClosing = false
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: ">") { return (attributes, selfClosing, cursor + 1) }
            if Self.isSpace(byte) || byte == UInt8(ascii: "/") {
                selfClosing = byte == UInt8(ascii: "/")
                cursor += 1
                continue
            }
            selfClosing = false
            let nameStart = cursor
            while cursor < bytes.count, !Self.isSpace(bytes[cursor]), bytes[cursor] != UInt8(ascii: ">"),
                bytes[cursor] != UInt8(ascii: "="), bytes[cursor] != UInt8(ascii: "/")
            {
                cursor += 1
            }
            if cursor == nameStart {
                cursor += 1
                continue
            }
            let name = nameStart..<cursor
            var value = cursor..<cursor
            var probe = cursor
            while probe < bytes.count, Self.isSpace(bytes[probe]) { probe += 1 }
            if probe < bytes.count, bytes[probe] == UInt8(ascii: "=") {
                cursor = probe + 1
                while cursor < bytes.count, Self.isSpace(bytes[cursor]) { cursor += 1 }
                if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\"") || bytes[cursor] == UInt8(ascii: "'") {
                    let quote = bytes[cursor]
                    let valueStart = cursor + 1
                    cursor = bytes[valueStart...].firstIndex(of: quote) ?? bytes.count
                    value = valueStart..<cursor
                    cursor += 1
                } else {
                    let valueStart = cursor
                    while cursor < bytes.count, !Self.isSpace(bytes[cursor]), bytes[cursor] != UInt8(ascii: ">") {
                        cursor += 1
                    }
                    value = valueStart..<cursor
                }
            }
            guard keep,
                let wanted = Self.wantedAttributes.first(where: { wanted in
                    wanted.count == name.count && zip(wanted, bytes[name]).allSatisfy { $0 == Self.lowercased($1) }
                })
            else { continue }
            let key = String(decoding: wanted, as: UTF8.self)
            if attributes[key] == nil { attributes[key] = Self.decodeEntities(Array(bytes[value])) }
        }
        return (attributes, selfClosing, bytes.count)
    }

    /// The attributes that decide what the index keeps.
    static let wantedAttributes: [[UInt8]] = ["id", "class", "hidden", "aria-hidden", "alttext", "display"].map {
        Array($0.utf8)
    }

    mutating func startTag(_ name: [UInt8], attributes: [String: String], selfClosing: Bool) {
        if let skip = skipping {
            if name == skip.name, !selfClosing { skipping = (skip.name, skip.depth + 1) }
            return
        }
        let kind = Self.kinds[name] ?? .block
        let isVoid = kind == .void || selfClosing
        if !isVoid, Self.isLeftOut(kind, attributes) {
            skipping = (name, 1)
            separate()
            return
        }
        if kind == .math, !isVoid {
            if mathDepth == 0 {
                mathIsBlock = attributes["display"] == "block"
                if mathIsBlock { separate() }
            }
            if let alternative = attributes["alttext"], !alternative.isEmpty {
                emit(alternative)
                if mathIsBlock { separate() }
                skipping = (name, 1)
            } else {
                mathDepth += 1
            }
            return
        }
        if mathDepth > 0 {
            if !isVoid, attributes["class"]?.split(separator: " ").contains("tag") == true {
                skipping = (name, 1)  // an equation's number, `(1)`, is not its text
            } else if kind == .mathOperator, !isVoid {
                readOperator()
            } else if kind == .mathSeparator {
                separate()  // matrix entries and explicit spaces are not one number
            }
            return
        }
        if kind == .heading, headingTag == nil, !isVoid, let anchor = attributes["id"], !anchor.isEmpty {
            finishSection()
            sections.append(RawSection(anchor: anchor, heading: "", text: ""))
            headingTag = name
            return
        }
        if kind != .inline { separate() }
    }

    mutating func endTag(_ name: [UInt8]) {
        if let skip = skipping {
            guard name == skip.name else { return }
            skipping = skip.depth > 1 ? (skip.name, skip.depth - 1) : nil
            return
        }
        let kind = Self.kinds[name] ?? .block
        if kind == .math {
            mathDepth = max(0, mathDepth - 1)
            if mathDepth == 0, mathIsBlock { separate() }
            return
        }
        if mathDepth > 0 { return }
        if let tag = headingTag, name == tag {
            endHeading()
            return
        }
        if kind != .inline { separate() }
    }

    /// A word boundary: block elements and line breaks separate the words on either side.
    mutating func separate() {
        emit(UInt8(ascii: " "))
    }

    /// An `<mo>`'s text, set off by spaces when it is a relation or an operation.
    mutating func readOperator() {
        guard let close = find("<"), skipping == nil else { return }
        let text = Self.decodeEntities(Array(bytes[position..<close]))
        position = close
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        // Invisible times, function application and separators: nothing to read.
        if trimmed.unicodeScalars.allSatisfy({ (0x2061...0x2064).contains($0.value) }) { return }
        emit(Self.spacedOperators.contains(trimmed) ? " \(trimmed) " : trimmed)
    }

    /// Whether an element is left out of the index with all it contains.
    static func isLeftOut(_ kind: Kind, _ attributes: [String: String]) -> Bool {
        if kind == .skipped { return true }
        if attributes["hidden"] != nil || attributes["aria-hidden"] == "true" { return true }
        guard let classes = attributes["class"]?.split(separator: " ") else { return false }
        // Computed output, and the links headings carry to themselves.
        if classes.contains("cell-output") || classes.contains("anchor") || classes.contains("heading-anchor") {
            return true
        }
        // Computed tables of numbers (vectors, matrices, columns); tables authors write are kept.
        return kind == .table && classes.contains("numbers")
    }

    // MARK: Entities

    mutating func readEntity() {
        guard let end = bytes[position...].prefix(40).firstIndex(of: UInt8(ascii: ";")) else {
            emit(UInt8(ascii: "&"))
            position += 1
            return
        }
        let raw = Array(bytes[position...end])
        let decoded = Self.decodeEntities(raw)
        if decoded == String(decoding: raw, as: UTF8.self) {
            emit(UInt8(ascii: "&"))
            position += 1
        } else {
            emit(decoded)
            position = end + 1
        }
    }

    static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "ndash": "–",
        "mdash": "—", "hellip": "…", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "laquo": "«",
        "raquo": "»", "copy": "©", "reg": "®", "trade": "™", "times": "×", "divide": "÷", "minus": "−",
        "middot": "·", "bull": "•", "deg": "°", "plusmn": "±", "le": "≤", "ge": "≥", "ne": "≠", "larr": "←",
        "rarr": "→", "harr": "↔", "uarr": "↑", "darr": "↓", "shy": "\u{AD}", "thinsp": "\u{2009}",
        "ensp": "\u{2002}", "emsp": "\u{2003}", "zwj": "\u{200D}", "zwnj": "\u{200C}", "sect": "§", "para": "¶",
        "eacute": "é", "egrave": "è", "aacute": "á", "agrave": "à", "ouml": "ö", "auml": "ä", "uuml": "ü",
        "szlig": "ß", "ccedil": "ç", "ntilde": "ñ",
    ]

    /// `raw` with its character references (`&amp;`, `&#228;`, `&#xE4;`, the common named ones)
    /// replaced; unknown or malformed references stay as written.
    static func decodeEntities(_ raw: [UInt8]) -> String {
        guard raw.contains(UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
        var out = ""
        var index = 0
        while index < raw.count {
            guard raw[index] == UInt8(ascii: "&"),
                let end = raw[index...].prefix(40).firstIndex(of: UInt8(ascii: ";"))
            else {
                let next = raw[(index + 1)...].firstIndex(of: UInt8(ascii: "&")) ?? raw.count
                out += String(decoding: raw[index..<next], as: UTF8.self)
                index = next
                continue
            }
            let name = String(decoding: raw[(index + 1)..<end], as: UTF8.self)
            var replacement: String?
            if name.hasPrefix("#") {
                let digits = name.dropFirst()
                let value =
                    digits.first == "x" || digits.first == "X"
                    ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                if let value {
                    let scalar = value == 0 ? nil : Unicode.Scalar(value)
                    replacement = String(Character(scalar ?? "\u{FFFD}"))
                }
            } else {
                replacement = namedEntities[name]
            }
            if let replacement {
                out += replacement
                index = end + 1
            } else {
                out += "&"
                index += 1
            }
        }
        return out
    }

    // MARK: Bytes

    func starts(with prefix: StaticString) -> Bool {
        matches(prefix, at: position)
    }

    func matches(_ pattern: StaticString, at index: Int) -> Bool {
        guard index + pattern.utf8CodeUnitCount <= bytes.count else { return false }
        return pattern.withUTF8Buffer { pattern in
            pattern.indices.allSatisfy { bytes[index + $0] == pattern[$0] }
        }
    }

    /// The index of the next occurrence of `needle` at or after the current position.
    func find(_ needle: StaticString) -> Int? {
        let first = needle.withUTF8Buffer { $0[0] }
        var index = position
        while let candidate = bytes[index...].firstIndex(of: first) {
            if matches(needle, at: candidate) { return candidate }
            index = candidate + 1
        }
        return nil
    }

    static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }

    static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }
}
