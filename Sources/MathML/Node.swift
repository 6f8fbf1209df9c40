import Markup

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

    /// Appends this element as XML (UTF-8) to `out`.
    func write(to out: inout [UInt8]) {
        out.append(UInt8(ascii: "<"))
        out.append(contentsOf: name.utf8)
        for (key, value) in attributes {
            out.append(UInt8(ascii: " "))
            out.append(contentsOf: key.utf8)
            out.append(UInt8(ascii: "="))
            out.append(UInt8(ascii: "\""))
            HTML.escape(value, into: &out, quotes: true)
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: ">"))
        if let text { HTML.escape(text, into: &out, quotes: false) }
        if let html { out.append(contentsOf: html.utf8) }
        for child in children { child.write(to: &out) }
        out.append(UInt8(ascii: "<"))
        out.append(UInt8(ascii: "/"))
        out.append(contentsOf: name.utf8)
        out.append(UInt8(ascii: ">"))
    }
}
