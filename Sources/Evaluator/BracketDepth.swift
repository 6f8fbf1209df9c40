/// How deeply square brackets nest in Swift code, counting only brackets that are code: not those in
/// comments or string literals, but those in a string's interpolations.
///
/// swift-syntax's parser, which finds a block's statements, takes time exponential in the nesting of `[`
/// (each may open an array type or an array literal, and it looks ahead to see which): 12 levels take
/// 0.3 s, 16 take 1.4 s, 20 take 18 s. Code nested deeper than ``limit`` is refused before parsing, with an
/// error at the bracket that goes too deep; nothing an author writes by hand comes near it.
enum BracketDepth {
    static let limit = 12

    /// The UTF-8 offset of the first `[` nested deeper than `limit`, if any.
    static func firstTooDeep(in code: String, limit: Int = limit) -> Int? {
        var scanner = Scanner(bytes: Array(code.utf8))
        return scanner.code(limit: limit, closing: nil)
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var depth = 0

        func at(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }

        func starts(with text: String) -> Bool {
            let pattern = Array(text.utf8)
            return index + pattern.count <= bytes.count && Array(bytes[index..<index + pattern.count]) == pattern
        }

        /// Scans code until `closing` (the `)` that ends an interpolation) or the end; returns the offset
        /// of a `[` too deep.
        mutating func code(limit: Int, closing: UInt8?) -> Int? {
            var parentheses = 0
            while index < bytes.count {
                let byte = bytes[index]
                if starts(with: "//") {
                    while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
                    continue
                }
                if starts(with: "/*") {
                    skipBlockComment()
                    continue
                }
                if byte == UInt8(ascii: "#") || byte == UInt8(ascii: "\"") {
                    var hashes = 0
                    while at(hashes) == UInt8(ascii: "#") { hashes += 1 }
                    if at(hashes) == UInt8(ascii: "\"") {
                        index += hashes
                        if let tooDeep = string(hashes: hashes, limit: limit) { return tooDeep }
                        continue
                    }
                }
                switch byte {
                case UInt8(ascii: "["):
                    depth += 1
                    if depth > limit { return index }
                case UInt8(ascii: "]"):
                    depth = max(0, depth - 1)
                case UInt8(ascii: "("):
                    parentheses += 1
                case UInt8(ascii: ")"):
                    if parentheses == 0, closing != nil {
                        index += 1
                        return nil
                    }
                    parentheses -= 1
                default: break
                }
                index += 1
            }
            return nil
        }

        /// `/* … */`, which nests in Swift.
        mutating func skipBlockComment() {
            var nesting = 0
            while index < bytes.count {
                if starts(with: "/*") {
                    nesting += 1
                    index += 2
                } else if starts(with: "*/") {
                    nesting -= 1
                    index += 2
                    if nesting == 0 { return }
                } else {
                    index += 1
                }
            }
        }

        /// A string literal from its opening quote: `"…"` or `"""…"""`, with `hashes` `#` around it;
        /// interpolations `\(…)` (`\#(…)` in a raw string) are code.
        mutating func string(hashes: Int, limit: Int) -> Int? {
            let multiline = starts(with: "\"\"\"")
            index += multiline ? 3 : 1
            let quote = (multiline ? "\"\"\"" : "\"") + String(repeating: "#", count: hashes)
            let interpolation = "\\" + String(repeating: "#", count: hashes) + "("
            while index < bytes.count {
                if starts(with: quote) {
                    index += quote.utf8.count
                    return nil
                }
                if starts(with: interpolation) {
                    index += interpolation.utf8.count
                    if let tooDeep = code(limit: limit, closing: UInt8(ascii: ")")) { return tooDeep }
                    continue
                }
                if hashes == 0 && bytes[index] == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if !multiline && bytes[index] == UInt8(ascii: "\n") { return nil }
                index += 1
            }
            return nil
        }
    }
}
