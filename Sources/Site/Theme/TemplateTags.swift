/// The tags of a Mustache template, read before swift-mustache parses it, so the build can check what
/// the library does not: partial names, and how deeply sections nest.
struct TemplateTag: Sendable, Hashable {
    /// The tag's first character after the opening delimiter (`#`, `^`, `/`, `>`, `<`, `$`, `!`, …), or
    /// nil for a variable such as `{{page.title}}`.
    var sigil: Character?
    /// The text after the sigil, trimmed; for a set-delimiter tag (`=`), the new opening delimiter.
    var name: String
    /// 1-based, columns in Unicode scalars, of the opening delimiter.
    var line: Int
    var column: Int

    /// The deepest sections may nest. swift-mustache parses and renders a section by recursion, one set
    /// of stack frames per level; 600 levels overflow a debug build's stack. Every other parser of the
    /// build stops at 64 too.
    static let maximumDepth = 64

    /// Every tag of `text` in order, as swift-mustache will read them; set-delimiter tags (`{{=<% %>=}}`)
    /// are followed. The scan stops at the first tag the library would refuse: the template then fails to
    /// load with a syntax error, and nothing of it is rendered.
    static func scan(_ text: String) -> [TemplateTag] {
        var lexer = TemplateLexer(text)
        return lexer.tags()
    }

    /// Whether the tag opens a section that a `{{/name}}` closes (`{{<parent}}` and `{{$block}}` do too).
    var opensSection: Bool { sigil.map { "#^<$".contains($0) } ?? false }
}

/// Reads a template in the steps swift-mustache's parser takes (`Template+Parser.swift`): over Characters,
/// with its name characters and its rules for delimiters. Any difference is a way past the checks: a
/// partial the scan does not see can include itself, and sections it does not see can nest until the
/// library's recursion overflows the stack (both found by FuzzTemplates).
private struct TemplateLexer {
    private let characters: [Character]
    private var index = 0
    private var line = 1
    private var column = 1
    private var open: [Character] = ["{", "{"]
    private var close: [Character] = ["}", "}"]
    /// The open sections, with the delimiters outside each: the library parses a section with a copy of
    /// its state, so delimiters set inside a section end with it.
    private var sections: [(name: String, open: [Character], close: [Character])] = []

    private static let nameCharacters = Set<Character>(
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*")
    private static let partialNameCharacters = nameCharacters.union(["/"])
    private static let configurationCharacters = nameCharacters.subtracting(["(", ")"])

    init(_ text: String) {
        characters = Array(text)
    }

    private var current: Character? { index < characters.count ? characters[index] : nil }

    private mutating func step() {
        let character = characters[index]
        if character.unicodeScalars.contains("\n") {
            line += 1
            column = 1
        } else {
            column += character.unicodeScalars.count
        }
        index += 1
    }

    private func matches(_ delimiter: [Character], at position: Int) -> Bool {
        position + delimiter.count <= characters.count
            && characters[position..<position + delimiter.count].elementsEqual(delimiter)
    }

    /// Steps over `delimiter` when it comes next.
    private mutating func expect(_ delimiter: [Character]) -> Bool {
        guard matches(delimiter, at: index) else { return false }
        for _ in delimiter { step() }
        return true
    }

    private mutating func skipWhitespace() {
        while let character = current, character.isWhitespace { step() }
    }

    private mutating func read(while allowed: Set<Character>) -> String {
        var text = ""
        while let character = current, allowed.contains(character) {
            text.append(character)
            step()
        }
        return text
    }

    /// A variable's or section's name and the closing delimiter; nil when the library would refuse it.
    private mutating func name(in allowed: Set<Character> = nameCharacters) -> String? {
        skipWhitespace()
        let name = read(while: allowed)
        skipWhitespace()
        return expect(close) ? name : nil
    }

    mutating func tags() -> [TemplateTag] {
        var tags: [TemplateTag] = []
        while index < characters.count {
            guard matches(open, at: index) else {
                step()
                continue
            }
            let (tagLine, tagColumn) = (line, column)
            for _ in open { step() }
            guard let sigil = current else { break }
            func add(_ sigil: Character?, _ name: String) {
                let tag = TemplateTag(sigil: sigil, name: name, line: tagLine, column: tagColumn)
                tags.append(tag)
                if tag.opensSection { sections.append((name, open, close)) }
            }
            // The library drops an opening delimiter that a line break follows and reads on after the
            // break: `{{` at the end of a line does not swallow the tags of the next one.
            if sigil.isNewline { continue }
            switch sigil {
            case "!":
                step()
                var body = ""
                while index < characters.count, !matches(close, at: index) {
                    body.append(characters[index])
                    step()
                }
                guard expect(close) else { return tags }
                add("!", body.trimmingCharacters(in: .whitespacesAndNewlines))
            case "=":
                step()
                guard setDelimiters() else { return tags }
                add("=", String(open))
            case "%":
                step()
                guard configuration() else { return tags }
            case ">", "<":
                step()
                skipWhitespace()
                let dynamic = sigil == ">" && current == "*"
                if dynamic { step() }
                guard let name = name(in: Self.partialNameCharacters) else { return tags }
                add(sigil, (dynamic ? "*" : "") + name)
            case "{":
                step()
                guard let name = name(), current == "}" else { return tags }
                step()
                add("{", name)
            case "/":
                step()
                // A closing tag that names another section, or none, is a syntax error.
                guard let name = name(), let section = sections.popLast(), section.name == name else { return tags }
                (open, close) = (section.open, section.close)
                add("/", name)
            case "#", "^", "$", "&":
                step()
                guard let name = name() else { return tags }
                add(sigil, name)
            default:
                guard let name = name() else { return tags }
                add(nil, name)
            }
        }
        return tags
    }

    /// `{{=start end=}}`, read as the library reads it; false when it would refuse the tag.
    private mutating func setDelimiters() -> Bool {
        skipWhitespace()
        var start: [Character] = []
        while let character = current, !character.isWhitespace {
            start.append(character)
            step()
        }
        guard current != nil else { return false }
        skipWhitespace()
        var end: [Character] = []
        while let character = current, character != "=", !character.isWhitespace {
            end.append(character)
            step()
        }
        guard current != nil else { return false }
        skipWhitespace()
        guard current == "=" else { return false }
        step()
        guard expect(close), !start.isEmpty, !end.isEmpty else { return false }
        open = start
        close = end
        return true
    }

    /// `{{% NAME: value }}`; false when the library would refuse its syntax.
    private mutating func configuration() -> Bool {
        skipWhitespace()
        let variable = read(while: Self.configurationCharacters)
        skipWhitespace()
        guard current == ":" else { return false }
        step()
        skipWhitespace()
        let value = read(while: Self.configurationCharacters)
        skipWhitespace()
        return expect(close) && !variable.isEmpty && !value.isEmpty
    }
}
