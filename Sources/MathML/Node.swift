/// Where a large operator's limits go.
enum Limits: Sendable {
    /// Always beside, as sub/superscripts (`\int`, ordinary bases, `\nolimits`).
    case beside
    /// Under and over in display style, beside in text style (`\sum`, `\lim`, `\max`).
    case displayOnly
    /// Always under and over (`\limits`, `\underbrace`).
    case always
}

/// One MathML element as the parser builds it, before it is written out.
///
/// Token elements (`mi`, `mn`, `mo`, `mtext`) carry `text`, which is escaped when written; `html` is
/// already-escaped markup (only the `<a>` of `\eqref`) placed inside a token element verbatim.
struct MNode: Sendable {
    var name: String
    var attributes: [(String, String)] = []
    var text: String? = nil
    var html: String? = nil
    var children: [MNode] = []
    /// Layout hints for the parser; never written.
    var limits: Limits = .beside
    var isFunctionName = false

    init(_ name: String, _ attributes: [(String, String)] = [], text: String? = nil) {
        self.name = name
        self.attributes = attributes
        self.text = text
    }

    init(_ name: String, _ attributes: [(String, String)] = [], children: [MNode]) {
        self.name = name
        self.attributes = attributes
        self.children = children
    }

    static func mi(_ text: String, normal: Bool = false) -> MNode {
        MNode("mi", normal ? [("mathvariant", "normal")] : [], text: text)
    }

    static func mn(_ text: String) -> MNode { MNode("mn", text: text) }

    static func mo(_ text: String, _ attributes: [(String, String)] = []) -> MNode {
        MNode("mo", attributes, text: text)
    }

    static func mtext(_ text: String) -> MNode { MNode("mtext", text: text) }

    static func space(_ width: String) -> MNode { MNode("mspace", [("width", width)], children: []) }

    /// `nodes` as one node: itself when there is exactly one, otherwise an `mrow`.
    static func row(_ nodes: [MNode]) -> MNode {
        if nodes.count == 1 { return nodes[0] }
        return MNode("mrow", children: nodes)
    }

    func attribute(_ name: String) -> String? {
        attributes.first { $0.0 == name }?.1
    }

    /// Appends this element as XML to `out`.
    func write(to out: inout String) {
        out += "<"
        out += name
        for (key, value) in attributes {
            out += " "
            out += key
            out += "=\""
            escape(value, into: &out, quotes: true)
            out += "\""
        }
        out += ">"
        if let text { escape(text, into: &out, quotes: false) }
        if let html { out += html }
        for child in children { child.write(to: &out) }
        out += "</"
        out += name
        out += ">"
    }
}

/// XML-escapes `text`: `&`, `<`, `>` always, `"` in attribute values.
func escape(_ text: String, into out: inout String, quotes: Bool) {
    var needsEscape = false
    for byte in text.utf8 where byte == 0x26 || byte == 0x3C || byte == 0x3E || (quotes && byte == 0x22) {
        needsEscape = true
        break
    }
    if !needsEscape {
        out += text
        return
    }
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"" where quotes: out += "&quot;"
        default: out.unicodeScalars.append(scalar)
        }
    }
}

func escaped(_ text: String, quotes: Bool = false) -> String {
    var out = ""
    escape(text, into: &out, quotes: quotes)
    return out
}
