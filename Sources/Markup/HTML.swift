/// Escaping text for HTML and XML: the one escaper of everything literate writes (the page body, the
/// site around it, and MathML).
public enum HTML {
    /// Escapes `&`, `<`, `>` and, when `quotes`, `"`: with quotes, as cmark does, so that our HTML and
    /// cmark's agree byte for byte; without, as MathML's text nodes are written.
    public static func escape(_ text: String, quotes: Bool = true) -> String {
        let special = { (byte: UInt8) in byte == 0x26 || byte == 0x3C || byte == 0x3E || (quotes && byte == 0x22) }
        let needed = text.utf8.withContiguousStorageIfAvailable { $0.contains(where: special) } ?? true
        guard needed else { return text }
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count + 16)
        escape(text, into: &result, quotes: quotes)
        return String(decoding: result, as: UTF8.self)
    }

    /// ``escape(_:quotes:)``, appended to `out`.
    public static func escape(_ text: String, into out: inout [UInt8], quotes: Bool = true) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\"") where quotes: out.append(contentsOf: "&quot;".utf8)
            default: out.append(byte)
            }
        }
    }
}
