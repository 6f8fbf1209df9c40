import TestSupport
import Testing

@testable import Markdown

/// The inline scanner as it was before it remembered failed searches: each search for a closer scans
/// the text afresh (quadratic on hostile text, but plainly right). The scanner must find the same.
struct ReferenceInlineScanner {
    let text: [UInt8]

    static let dollar = UInt8(ascii: "$")
    static let backtick = UInt8(ascii: "`")
    static let backslash = UInt8(ascii: "\\")
    static let swiftMarker: [UInt8] = Array("{swift}".utf8)

    func scan() -> [InlineFinding] {
        var findings: [InlineFinding] = []
        // Once a search for a closer fails, later searches for the same closer fail too; remembering
        // that keeps the scan linear on text full of unmatched backticks or dollars.
        var missingBacktickRuns: Set<Int> = []
        var displayCloserMissing = false
        var i = 0
        let n = text.count
        while i < n {
            let c = text[i]
            if c == Self.backslash {
                i += (i + 1 < n && text[i + 1].isASCIIPunctuation) ? 2 : 1
            } else if c == Self.backtick {
                let run = runLength(of: Self.backtick, at: i)
                if !missingBacktickRuns.contains(run), let close = closingBackticks(run, from: i + run) {
                    if let finding = inlineSwift(open: i, run: run, close: close) { findings.append(finding) }
                    i = close + run
                } else {
                    missingBacktickRuns.insert(run)
                    i += run
                }
            } else if c == UInt8(ascii: "<") {
                i = autolinkEnd(at: i) ?? (i + 1)
            } else if c == Self.dollar {
                if i + 1 < n, text[i + 1] == Self.dollar {
                    if !displayCloserMissing, let close = displayClose(from: i + 2) {
                        findings.append(.math(range: i..<(close + 2), tex: (i + 2)..<close, display: true))
                        i = close + 2
                    } else {
                        displayCloserMissing = true
                        i += 2
                    }
                } else if let close = inlineMathClose(open: i) {
                    findings.append(.math(range: i..<(close + 1), tex: (i + 1)..<close, display: false))
                    i = close + 1
                } else {
                    i += 1
                }
            } else {
                i += 1
            }
        }
        return findings
    }

    private func runLength(of byte: UInt8, at start: Int) -> Int {
        var j = start
        while j < text.count, text[j] == byte { j += 1 }
        return j - start
    }

    /// Start of the next backtick run of exactly `run` backticks at or after `start`.
    private func closingBackticks(_ run: Int, from start: Int) -> Int? {
        var j = start
        while j < text.count {
            if text[j] == Self.backtick {
                let length = runLength(of: Self.backtick, at: j)
                if length == run { return j }
                j += length
            } else {
                j += 1
            }
        }
        return nil
    }

    /// The code span `open..<close+run` as inline `{swift}`, if its content starts with the marker.
    private func inlineSwift(open: Int, run: Int, close: Int) -> InlineFinding? {
        // CommonMark: line endings become spaces; one space is stripped from each side when both
        // sides have one and the content is not all spaces.
        var content = text[(open + run)..<close].map { $0 == 0x0A || $0 == 0x0D ? UInt8(ascii: " ") : $0 }
        var contentStart = open + run
        if content.count >= 2, content.first == 0x20, content.last == 0x20, content.contains(where: { $0 != 0x20 }) {
            content.removeFirst()
            content.removeLast()
            contentStart += 1
        }
        // `{swift}` must be followed by a space and some code: a bare `{swift}` is prose about the
        // marker itself (as in an authoring guide) and stays a code span.
        guard content.starts(with: Self.swiftMarker), content.count > Self.swiftMarker.count + 1,
            content[Self.swiftMarker.count] == 0x20,
            content[(Self.swiftMarker.count + 1)...].contains(where: { $0 != 0x20 })
        else { return nil }
        let codeOffset = Self.swiftMarker.count + 1
        return .inlineSwift(
            range: open..<(close + run), codeStart: contentStart + codeOffset,
            code: String(decoding: content[codeOffset...], as: UTF8.self),
            spanContent: String(decoding: content, as: UTF8.self))
    }

    /// End (exclusive) of a URI autolink such as `<https://example.com>` starting at `start`.
    private func autolinkEnd(at start: Int) -> Int? {
        var j = start + 1
        let schemeStart = j
        while j < text.count,
            text[j].isASCIILetter || text[j].isDigit || text[j] == UInt8(ascii: "+")
                || text[j] == UInt8(ascii: ".") || text[j] == UInt8(ascii: "-")
        {
            j += 1
        }
        let schemeLength = j - schemeStart
        guard schemeLength >= 2, schemeLength <= 32, text[schemeStart].isASCIILetter, j < text.count,
            text[j] == UInt8(ascii: ":")
        else { return nil }
        j += 1
        while j < text.count {
            let c = text[j]
            if c == UInt8(ascii: ">") { return j + 1 }
            if c <= 0x20 || c == UInt8(ascii: "<") || c == 0x7F { return nil }
            j += 1
        }
        return nil
    }

    /// Index of the closing `$$` of display math whose content starts at `start` (one character or more).
    private func displayClose(from start: Int) -> Int? {
        guard start < text.count else { return nil }
        var j = start + 1
        while j + 1 < text.count {
            if text[j] == Self.dollar, text[j + 1] == Self.dollar { return j }
            j += 1
        }
        return nil
    }

    /// Index of the `$` closing inline math opened at `open`, under pandoc's rules.
    private func inlineMathClose(open: Int) -> Int? {
        let n = text.count
        var j = open + 1
        guard j < n, !text[j].isWhitespace else { return nil }
        var first = true
        while j < n {
            let c = text[j]
            if c == Self.dollar, !first {
                if j + 1 < n, text[j + 1].isDigit { return nil }
                return j
            }
            first = false
            if c == Self.backslash {
                if let end = textCommandEnd(at: j) {
                    j = end
                } else if j + 1 < n {
                    j += 2
                } else {
                    return nil
                }
            } else if c.isWhitespace {
                while j < n, text[j].isWhitespace { j += 1 }
                // No whitespace before the closing `$`.
                if j >= n || text[j] == Self.dollar { return nil }
            } else {
                j += 1
            }
        }
        return nil
    }

    /// End of `\text{…}` with balanced braces at `start`, which may contain dollars.
    private func textCommandEnd(at start: Int) -> Int? {
        let command: [UInt8] = Array("\\text{".utf8)
        guard start + command.count <= text.count, Array(text[start..<(start + command.count)]) == command else {
            return nil
        }
        var depth = 1
        var j = start + command.count
        while j < text.count {
            switch text[j] {
            case Self.backslash: j += 1
            case UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: "}"):
                depth -= 1
                if depth == 0 { return j + 1 }
            default: break
            }
            j += 1
        }
        return nil
    }
}

@Suite struct InlineScannerReferenceTests {
    /// Random text over the characters that matter (dollars, backslashes, backticks, braces, `\\text{`,
    /// digits, blanks, autolinks) gives the same findings as the reference.
    @Test func agreesWithTheReferenceOnRandomText() {
        let pieces = [
            "$", "$$", "\\", "`", "``", "{", "}", "\\text{", " ", "\n", "a", "1", "x_{i}", "<a:b>", "<", "{swift} 1",
        ]
        var generator = SplitMix64(seed: 7)
        for _ in 0..<3000 {
            let count = Int(generator.next() % 24)
            var text = ""
            for _ in 0..<count { text += pieces[Int(generator.next() % UInt64(pieces.count))] }
            let bytes = Array(text.utf8)
            #expect(
                InlineScanner(text: bytes).scan() == ReferenceInlineScanner(text: bytes).scan(),
                "\(text.debugDescription)")
        }
    }
}
