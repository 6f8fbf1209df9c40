// Helpers shared by the fuzz targets.
/// The fuzzer's input as bytes.
public func fuzzBytes(_ start: UnsafeRawPointer, _ count: Int) -> [UInt8] {
    Array(UnsafeRawBufferPointer(start: start, count: count))
}

/// The fuzzer's input as text: invalid UTF-8 becomes U+FFFD, as when `literate` reads a file it could decode.
public func fuzzText(_ start: UnsafeRawPointer, _ count: Int) -> String {
    String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
}

/// A broken promise of the code under test: printed, then a crash, which libFuzzer records as a finding.
public func fuzzFailure(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError("fuzz invariant failed: \(message)", file: file, line: line)
}

/// A small well-formedness check of XML as MathMLConverter writes it: one root element, every element
/// closed in order, attribute values quoted, `&` only in the five XML entities or a character reference,
/// no `<` in text or values. Returns what is wrong, or nil.
public func xmlProblem(_ xml: String) -> String? {
    let b = Array(xml.utf8)
    var i = 0
    var stack: [ArraySlice<UInt8>] = []
    var roots = 0
    func isNameByte(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x5F
            || c == 0x3A || c == 0x2E
    }
    func name() -> ArraySlice<UInt8>? {
        let start = i
        while i < b.count, isNameByte(b[i]) { i += 1 }
        return i > start ? b[start..<i] : nil
    }
    func entity() -> Bool {
        // At `&`: one of the predefined entities or a numeric character reference.
        let rest = b[i...]
        for known in ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"] where rest.starts(with: known.utf8) {
            i += known.utf8.count
            return true
        }
        guard rest.starts(with: "&#".utf8) else { return false }
        i += 2
        let hex = i < b.count && b[i] == UInt8(ascii: "x")
        if hex { i += 1 }
        let start = i
        while i < b.count, (b[i] >= 0x30 && b[i] <= 0x39) || (hex && isNameByte(b[i])) { i += 1 }
        guard i > start, i < b.count, b[i] == UInt8(ascii: ";") else { return false }
        i += 1
        return true
    }
    while i < b.count {
        let c = b[i]
        if c == UInt8(ascii: "<") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "/") {
                i += 1
                guard let closing = name() else { return "bad closing tag at byte \(i)" }
                guard i < b.count, b[i] == UInt8(ascii: ">") else { return "closing tag not ended at byte \(i)" }
                i += 1
                guard let open = stack.popLast() else { return "closing tag without an open element at byte \(i)" }
                guard open.elementsEqual(closing) else {
                    return
                        "</\(String(decoding: closing, as: UTF8.self))> closes <\(String(decoding: open, as: UTF8.self))> at byte \(i)"
                }
                continue
            }
            guard let open = name() else { return "'<' that starts no tag at byte \(i)" }
            if stack.isEmpty { roots += 1 }
            while true {
                guard i < b.count else { return "unterminated tag at the end" }
                if b[i] == UInt8(ascii: ">") {
                    i += 1
                    stack.append(open)
                    break
                }
                if b[i] == UInt8(ascii: "/"), i + 1 < b.count, b[i + 1] == UInt8(ascii: ">") {
                    i += 2
                    break
                }
                guard b[i] == UInt8(ascii: " ") else { return "unexpected byte \(b[i]) in a tag at byte \(i)" }
                i += 1
                guard name() != nil, i < b.count, b[i] == UInt8(ascii: "=") else { return "bad attribute at byte \(i)" }
                i += 1
                guard i < b.count, b[i] == UInt8(ascii: "\"") else { return "unquoted attribute at byte \(i)" }
                i += 1
                while i < b.count, b[i] != UInt8(ascii: "\"") {
                    if b[i] == UInt8(ascii: "<") { return "'<' in an attribute value at byte \(i)" }
                    if b[i] == UInt8(ascii: "&") {
                        guard entity() else { return "bad '&' in an attribute value at byte \(i)" }
                    } else {
                        i += 1
                    }
                }
                guard i < b.count else { return "unterminated attribute value" }
                i += 1
            }
        } else if c == UInt8(ascii: "&") {
            guard entity() else { return "bad '&' in text at byte \(i)" }
        } else {
            if stack.isEmpty { return "text outside the root element at byte \(i)" }
            i += 1
        }
    }
    if !stack.isEmpty { return "\(stack.count) element(s) not closed" }
    if roots != 1 { return "\(roots) root elements" }
    return nil
}
