/// What the scanner finds in the text of one paragraph or heading.
enum InlineFinding: Equatable {
    /// `range` covers the delimiters, `tex` the text between them (indices into the scanned bytes).
    case math(range: Range<Int>, tex: Range<Int>, display: Bool)
    /// A code span starting with `{swift}`: `range` covers the backticks, `code` starts at `codeStart`.
    case inlineSwift(range: Range<Int>, codeStart: Int, code: String, spanContent: String)
}

/// Finds math and inline `{swift}` spans in the inline content of one leaf block, left to right as
/// an inline parser would: a backslash escape, a code span or an autolink that starts first wins
/// over math, and math that starts first wins over everything else.
///
/// Math follows pandoc's `tex_math_dollars`: `$$…$$` is display math (at least one character
/// inside); `$…$` is inline math when the opening `$` is not followed by whitespace, the closing
/// `$` is not preceded by whitespace and not followed by a digit; inside inline math a backslash
/// escapes the next character and `\text{…}` may hold dollars. One thing differs from pandoc: a
/// `$$` that does not close as display math is not retried as inline math starting with `$`.
///
/// The scan takes time linear in the text: each search for a closer either ends the element or is
/// remembered as failing (see ``Memo``), so no stretch of text is searched again and again.
struct InlineScanner {
    let text: [UInt8]

    /// What earlier searches found, so that later ones do not repeat them.
    private struct Memo {
        /// Backtick runs that close nothing: once a run of some length finds no closer, none later does.
        var missingBacktickRuns: Set<Int> = []
        /// The start of every backtick run of each length, in order, and how many of them lie behind the scan.
        var backtickRuns: [Int: (starts: [Int], passed: Int)]?
        var displayCloserMissing = false
        /// Positions from which a search for the `$` closing inline math is known to fail: the search
        /// goes on from a position the same way whatever math it started in.
        var inlineCloseFails: [Bool] = []
        /// For each `{` (not escaped by a backslash), the index of its `}`; nil entries never close.
        var braceMatches: [Int: Int]?
    }

    static let dollar = UInt8(ascii: "$")
    static let backtick = UInt8(ascii: "`")
    static let backslash = UInt8(ascii: "\\")
    static let swiftMarker: [UInt8] = Array("{swift}".utf8)

    func scan() -> [InlineFinding] {
        var findings: [InlineFinding] = []
        var memo = Memo()
        var i = 0
        let n = text.count
        while i < n {
            let c = text[i]
            if c == Self.backslash {
                i += (i + 1 < n && text[i + 1].isASCIIPunctuation) ? 2 : 1
            } else if c == Self.backtick {
                let run = runLength(of: Self.backtick, at: i)
                if !memo.missingBacktickRuns.contains(run), let close = closingBackticks(run, from: i + run, &memo) {
                    if let finding = inlineSwift(open: i, run: run, close: close) { findings.append(finding) }
                    i = close + run
                } else {
                    memo.missingBacktickRuns.insert(run)
                    i += run
                }
            } else if c == UInt8(ascii: "<") {
                i = autolinkEnd(at: i) ?? (i + 1)
            } else if c == Self.dollar {
                if i + 1 < n, text[i + 1] == Self.dollar {
                    if !memo.displayCloserMissing, let close = displayClose(from: i + 2) {
                        findings.append(.math(range: i..<(close + 2), tex: (i + 2)..<close, display: true))
                        i = close + 2
                    } else {
                        memo.displayCloserMissing = true
                        i += 2
                    }
                } else if let close = inlineMathClose(open: i, &memo) {
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

    /// Start of the next backtick run of exactly `run` backticks at or after `start`, which is just after
    /// a run (so the runs from there on are whole runs of the text).
    private func closingBackticks(_ run: Int, from start: Int, _ memo: inout Memo) -> Int? {
        if memo.backtickRuns == nil {
            // Every run of the text, by length, found once: searching the text for each length in turn
            // would take time quadratic in it when runs of many lengths are left open.
            var runs: [Int: (starts: [Int], passed: Int)] = [:]
            var j = 0
            while j < text.count {
                guard text[j] == Self.backtick else {
                    j += 1
                    continue
                }
                let length = runLength(of: Self.backtick, at: j)
                runs[length, default: ([], 0)].starts.append(j)
                j += length
            }
            memo.backtickRuns = runs
        }
        guard var entry = memo.backtickRuns?[run] else { return nil }
        // Searches for one length come in increasing order of `start`: skip the runs behind it for good.
        while entry.passed < entry.starts.count, entry.starts[entry.passed] < start { entry.passed += 1 }
        memo.backtickRuns?[run] = entry
        return entry.passed < entry.starts.count ? entry.starts[entry.passed] : nil
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
    private func inlineMathClose(open: Int, _ memo: inout Memo) -> Int? {
        let n = text.count
        var j = open + 1
        guard j < n, !text[j].isWhitespace else { return nil }
        if memo.inlineCloseFails.isEmpty { memo.inlineCloseFails = Array(repeating: false, count: n + 1) }
        // Past the first character the search depends only on where it is: the positions of a search
        // that fails are remembered, and a later search that reaches one of them fails at once.
        var visited: [Int] = []
        defer { for position in visited { memo.inlineCloseFails[position] = true } }
        var first = true
        while j < n {
            if !first {
                if memo.inlineCloseFails[j] { return nil }
                visited.append(j)
            }
            let c = text[j]
            if c == Self.dollar, !first {
                if j + 1 < n, text[j + 1].isDigit { return nil }
                visited = []
                return j
            }
            first = false
            if c == Self.backslash {
                if let end = textCommandEnd(at: j, &memo) {
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
    private func textCommandEnd(at start: Int, _ memo: inout Memo) -> Int? {
        let command: [UInt8] = Array("\\text{".utf8)
        guard start + command.count <= text.count, text[start..<(start + command.count)].elementsEqual(command) else {
            return nil
        }
        if memo.braceMatches == nil {
            // Every brace pair of the text, matched once. A backslash escapes the byte after it; whether a
            // byte is escaped depends only on the backslashes right before it, so matching from the start
            // of the text pairs the braces of `\text{…}` as a scan from its own `{` would.
            var matches: [Int: Int] = [:]
            var open: [Int] = []
            var j = 0
            while j < text.count {
                switch text[j] {
                case Self.backslash: j += 1
                case UInt8(ascii: "{"): open.append(j)
                case UInt8(ascii: "}"): if let start = open.popLast() { matches[start] = j }
                default: break
                }
                j += 1
            }
            memo.braceMatches = matches
        }
        return memo.braceMatches?[start + command.count - 1].map { $0 + 1 }
    }
}
