import Diagnostics
import Evaluator

/// A `{swift}` block's `//| key: value` options (Quarto's cell-option form with Swift's comment).
public struct BlockOptions: Sendable, Equatable {
    public var echo = true
    public var output = true
    public var eval = true
    public var caption: String?
    public var label: String?
    public var digits: Int?

    static let knownKeys = ["echo", "output", "eval", "caption", "label", "digits"]
    static let prefix = "//|"

    public init() {}

    /// Reads the option lines at the top of `code` (the block body; `origin` is where it starts in the file).
    /// Returns the options, the code without its option lines, and a diagnostic for every bad option.
    public static func parse(_ code: String, at origin: SourceLocation) -> Diagnosed<
        (options: BlockOptions, code: String)
    > {
        var options = BlockOptions()
        var diagnostics: [Diagnostic] = []
        var lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        var optionCount = 0
        for (index, line) in lines.enumerated() {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard trimmed.hasPrefix(prefix) else { break }
            optionCount += 1
            let indent = line.count - trimmed.count
            let body = trimmed.dropFirst(prefix.count)
            let lineStart = origin.advanced(lines: index)
            let keyColumnOffset = indent + prefix.count + body.prefix { $0 == " " }.count
            let keyLocation = lineStart.advanced(columns: keyColumnOffset)
            guard let colon = body.firstIndex(of: ":") else {
                diagnostics.append(.error(at: keyLocation, .optionNotKeyValue))
                continue
            }
            let key = body[..<colon].trimmingSpaces
            let value = body[body.index(after: colon)...].trimmingSpaces
            let valueLocation = lineStart.advanced(
                columns: indent + prefix.count + body.distance(from: body.startIndex, to: colon) + 1
                    + body[body.index(after: colon)...].prefix { $0 == " " }.count
            )
            if let problem = options.set(key, to: value) {
                let isUnknownKey = !knownKeys.contains(key)
                diagnostics.append(.error(at: isUnknownKey ? keyLocation : valueLocation, problem))
            }
        }
        lines.removeFirst(optionCount)
        return ((options, lines.joined(separator: "\n")), diagnostics)
    }

    /// Sets one option; returns the problem when the key or value is bad.
    private mutating func set(_ key: String, to value: String) -> Diagnostic.Message? {
        func bool() -> Bool? { value == "true" ? true : value == "false" ? false : nil }
        switch key {
        case "echo", "output", "eval":
            guard let flag = bool() else { return .optionNotBoolean(key, value) }
            if key == "echo" { echo = flag } else if key == "output" { output = flag } else { eval = flag }
        case "caption":
            caption = value.unquoted
        case "label":
            let label = value.unquoted
            guard !label.isEmpty, label.allSatisfy({ $0.isLetter || $0.isNumber || "-_:".contains($0) }) else {
                return .optionBadLabel(value)
            }
            self.label = label
        case "digits":
            guard let n = Int(value), NumberFormat.digitsRange.contains(n) else {
                return .optionBadDigits(value)
            }
            digits = n
        default:
            return .unknown("block option", key, known: Self.knownKeys)
        }
        return nil
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

extension String {
    /// A YAML-like quoted value without its quotes.
    var unquoted: String {
        if count >= 2, let first, first == last, first == "\"" || first == "'" {
            return String(dropFirst().dropLast())
        }
        return self
    }
}

extension Diagnostic.Message {
    static let optionNotKeyValue: Self = "block option must be written 'key: value'"
    static func optionNotBoolean(_ key: String, _ value: String) -> Self {
        "block option '\(key)' must be true or false, not '\(value)'"
    }
    static func optionBadLabel(_ value: String) -> Self {
        "block option 'label' must be letters, digits, '-', '_' or ':', not '\(value)'"
    }
    static func optionBadDigits(_ value: String) -> Self {
        "block option 'digits' must be \(NumberFormat.digitsRequirement), not '\(value)'"
    }
}
