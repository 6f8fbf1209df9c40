import Diagnostics
import Testing

/// The plain (uncoloured) form of rendered diagnostics: header, source line, caret.
@Suite struct DiagnosticRendererTests {
    let plain = DiagnosticRenderer(color: false)

    @Test func showsTheLineAndACaretUnderTheColumn() {
        let source = "# Title\n\n```{swift}\nsoftmax([1.0, 2.0])\n// → [0.5, 0.5]\n```\n"
        let diagnostic = Diagnostic.error(
            at: SourceLocation(file: "Content/a.md", line: 5, column: 6), "stated 0.5, computed 0.26894142")
        #expect(
            plain.render(diagnostic, source: source) == """
                Content/a.md:5:6: error: stated 0.5, computed 0.26894142
                    5 | // → [0.5, 0.5]
                      |      ^

                """)
    }

    @Test func countsColumnsInUnicodeScalars() {
        // "→" is one scalar, so column 5 is the "[" after "// → ".
        let diagnostic = Diagnostic.error(at: SourceLocation(file: "a.md", line: 1, column: 6), "here")
        let lines = plain.render(diagnostic, source: "// → [1]\n").split(separator: "\n")
        #expect(lines[2] == "      |      ^")
    }

    @Test func keepsTabsSoTheCaretLinesUp() {
        let diagnostic = Diagnostic.error(at: SourceLocation(file: "t.md", line: 2, column: 3), "tabbed")
        let lines = plain.render(diagnostic, source: "first\n\t\tx = 1\n").split(separator: "\n")
        #expect(lines[1] == "    2 | \t\tx = 1")
        #expect(lines[2] == "      | \t\t^")
    }

    @Test func wideCharactersTakeTwoCells() {
        let diagnostic = Diagnostic.error(at: SourceLocation(file: "w.md", line: 1, column: 3), "after")
        let lines = plain.render(diagnostic, source: "数字x\n").split(separator: "\n")
        #expect(lines[2] == "      |     ^")
    }

    @Test func aLongLineIsShownAsAWindowAroundTheColumn() {
        // 8,000 errors on one 100,000-character line would otherwise print the line 8,000 times.
        let line = String(repeating: "ab", count: 50_000)
        let lines = SourceLines(line + "\n")
        let diagnostic = Diagnostic.error(at: SourceLocation(file: "l.md", line: 1, column: 50_001), "here")
        let printed = plain.render(diagnostic, lines: lines).split(separator: "\n")
        #expect(printed[1] == "    1 | …" + String(repeating: "ab", count: 80) + "…")
        #expect(printed[2] == "      | " + String(repeating: " ", count: 81) + "^")
        // Near the start, no leading ellipsis; past the end of a short line, the caret still follows.
        let early = Diagnostic.error(at: SourceLocation(file: "l.md", line: 1, column: 3), "early")
        #expect(plain.render(early, lines: lines).split(separator: "\n")[2] == "      |   ^")
    }

    @Test func widensTheGutterForLongFiles() {
        let source = String(repeating: "\n", count: 12344) + "let x = oops\n"
        let diagnostic = Diagnostic.warning(at: SourceLocation(file: "big.md", line: 12345, column: 9), "unused")
        #expect(
            plain.render(diagnostic, source: source) == """
                big.md:12345:9: warning: unused
                 12345 | let x = oops
                       |         ^

                """)
    }

    @Test func handlesCRLFAndTheLastLineWithoutNewline() {
        let source = "a\r\nbad line"
        let crlf = Diagnostic.error(at: SourceLocation(file: "c.md", line: 1, column: 1), "one")
        #expect(plain.render(crlf, source: source).split(separator: "\n")[1] == "    1 | a")
        let last = Diagnostic.error(at: SourceLocation(file: "c.md", line: 2, column: 5), "two")
        #expect(plain.render(last, source: source).split(separator: "\n")[1] == "    2 | bad line")
    }

    @Test func aColumnPastTheEndPointsJustAfterIt() {
        let diagnostic = Diagnostic.error(at: SourceLocation(file: "e.md", line: 1, column: 5), "missing ')'")
        let lines = plain.render(diagnostic, source: "f(x\n").split(separator: "\n")
        #expect(lines[2] == "      |     ^")
    }

    @Test func onlyTheHeaderWithoutSourceOrLine() {
        let location = SourceLocation(file: "gone.md", line: 3, column: 1)
        #expect(plain.render(.error(at: location, "no file"), source: nil) == "gone.md:3:1: error: no file\n")
        #expect(plain.render(.error(at: location, "short"), source: "one line\n") == "gone.md:3:1: error: short\n")
        #expect(plain.render(.error(at: nil, "no location"), source: "x") == "error: no location\n")
    }

    @Test func controlCharactersAreNotPrinted() {
        let diagnostic = Diagnostic.error(at: SourceLocation(file: "x.md", line: 1, column: 1), "escape")
        let lines = plain.render(diagnostic, source: "\u{1B}[31mred\n").split(separator: "\n")
        #expect(lines[1] == "    1 | \u{FFFD}[31mred")
    }

    @Test func colourWrapsTheParts() {
        let diagnostic = Diagnostic.error(at: SourceLocation(file: "a.md", line: 1, column: 1), "bad")
        let coloured = DiagnosticRenderer(color: true).render(diagnostic, source: "x\n")
        #expect(coloured.hasPrefix("\u{1B}[1ma.md:1:1:\u{1B}[0m \u{1B}[1;31merror:\u{1B}[0m \u{1B}[1mbad\u{1B}[0m\n"))
        #expect(coloured.contains("\u{1B}[1;32m^\u{1B}[0m"))
        #expect(!plain.render(diagnostic, source: "x\n").contains("\u{1B}"))
    }
}
