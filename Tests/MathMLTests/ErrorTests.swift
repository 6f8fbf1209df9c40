import Diagnostics
import Testing

@testable import MathML

/// Issue 5 part 5: every problem is a diagnostic at its own line and column in the Markdown file, and no
/// MathML comes out. `here` is page.md:10:5; expected positions are marked in the TeX (see `marked`).
@Suite struct ErrorTests {
    func only(_ tex: String, display: Bool = true, context: MathContext = MathContext()) throws -> Diagnostic {
        let found = problems(tex, display: display, context: context)
        #expect(found.count == 1, "\(found)")
        return try #require(found.first)
    }

    @Test func unsupportedCommandIsReportedAtItsBackslashWithASuggestion() throws {
        let tex = marked(#"a + 1️⃣\alpa b"#)
        let d = try only(tex.text)
        #expect(d.location == tex.location(1))
        #expect(d.says(.unsupportedCommand("alpa", suggestion: "alpha")))
        #expect(d.description.hasPrefix("page.md:10:9: error: "))
    }

    @Test func positionsOnLaterLinesCountFromTheLineStart() throws {
        let first = marked("a \\\\\n  + 1️⃣\\foo b".replacingOccurrences(of: "\\\\\n", with: "\n"))
        let d = try only(first.text)
        #expect(d.location == first.location(1))
        let second = marked("\\begin{aligned}\na &= b \\\\\nc &= 1️⃣\\nope\n\\end{aligned}")
        let e = try only(second.text)
        #expect(e.location == second.location(1))
    }

    @Test func everyUnsupportedCommandIsReportedNotOnlyTheFirst() {
        let tex = marked(#"1️⃣\foo + 2️⃣\baz = 3️⃣\qux"#)
        let found = problems(tex.text)
        #expect(found.map(\.location) == [1, 2, 3].map(tex.location))
    }

    @Test func unbalancedBraces() throws {
        let unclosed = marked(#"\frac{a}1️⃣{b"#)
        let open = try only(unclosed.text)
        #expect(open.location == unclosed.location(1))
        #expect(open.says(.neverClosed("{")))
        let unopened = marked("a1️⃣}b")
        let close = try only(unopened.text)
        #expect(close.location == unopened.location(1))
        #expect(close.says(.unmatchedCloseBrace))
    }

    @Test func tagInInlineMath() throws {
        let tex = marked(#"x 1️⃣\tag{1}"#)
        let d = try only(tex.text, display: false)
        #expect(d.location == tex.location(1))
        #expect(d.says(.tagOutsideDisplay))
    }

    @Test func twoTagsOnOneLine() throws {
        let tex = marked(#"x \tag{1} 1️⃣\tag{2}"#)
        let d = try only(tex.text)
        #expect(d.location == tex.location(1))
        #expect(d.says(.secondTag(firstAt: "10:7")))
    }

    @Test func endThatDoesNotMatchItsBegin() throws {
        let mismatched = marked(#"\begin{pmatrix} 1 1️⃣\end{bmatrix}"#)
        let d = try only(mismatched.text)
        #expect(d.location == mismatched.location(1))
        #expect(d.says(.endDoesNotMatch("bmatrix", begin: "pmatrix", at: "10:5")))
        let unended = marked(#"1️⃣\begin{cases} 1 & 2"#)
        let never = try only(unended.text)
        #expect(never.location == unended.location(1))
        #expect(never.says(.environmentNeverClosed("cases")))
    }

    @Test func unknownEquationLabel() throws {
        let labels = [EquationLabel(name: "eq:softmax", tag: "1", location: here)]
        let context = try MathContext(collecting: labels)
        let tex = marked(#"see 1️⃣\eqref{eq:sofmax}"#)
        let d = try only(tex.text, display: false, context: context)
        #expect(d.location == tex.location(1))
        #expect(d.says(.unknownLabel("eq:sofmax", suggestion: "eq:softmax")))
    }

    @Test func duplicateLabels() throws {
        let inOneEquation = problems("\\begin{align} a \\label{x} \\tag{1} \\\\ b \\label{x} \\tag{2} \\end{align}")
        #expect(inOneEquation.count == 1)
        #expect(inOneEquation.first?.says(.duplicateLabel("x", firstAt: "10:21")) == true)

        let first = EquationLabel(name: "eq:a", tag: "1", location: SourceLocation(file: "p.md", line: 3, column: 9))
        let second = EquationLabel(name: "eq:a", tag: "2", location: SourceLocation(file: "p.md", line: 8, column: 4))
        #expect {
            _ = try MathContext(collecting: [first, second])
        } throws: { error in
            let list = error as? DiagnosticList
            return list?.diagnostics.map(\.location) == [second.location]
                && list?.diagnostics.first?.says(.duplicateLabel("eq:a", firstAt: "p.md:3:9")) == true
        }
    }

    @Test func labelWithoutTag() throws {
        let tex = marked(#"x 1️⃣\label{eq:x}"#)
        let d = try only(tex.text)
        #expect(d.location == tex.location(1))
        #expect(d.says(.labelWithoutTag("eq:x")))
    }

    @Test func otherStructuralErrors() throws {
        #expect(try only(#"\left( x"#).says(.leftWithoutRight))
        #expect(try only(#"x \right)"#).says(.rightWithoutLeft))
        #expect(try only(#"\begin{foo} x \end{foo}"#).says(.unsupportedEnvironment("foo")))
        #expect(try only(#"a & b"#).says(.ampersandOutsideTable))
        #expect(try only(#"x^1^2"#).says(.doubleSuperscript))
        #expect(try only(#"\frac{a}"#).says(.missingArgument("frac")))
        #expect(try only(#"\begin{pmatrix} 1 \tag{2} \end{pmatrix}"#).says(.tagInsideTable))
        #expect(try only(#"\swift{z}"#).says(.swiftNotEvaluated))
        #expect(try only(#"\text{a \foo b}"#).says(.unsupportedCommandInText("foo")))
        #expect(try only(#"a \begin{align} b \end{align}"#).says(.alignInsideDisplay("align")))
    }

    /// Whatever the input, the converter either throws or returns well-formed XML.
    @Test func neverEmitsBrokenMathML() throws {
        let pieces = [
            "x", "1", "{", "}", "^", "_", "&", "\\\\", "<", ">", "&amp;", "\\frac", "\\sqrt", "[", "]", "\\left(",
            "\\right)", "\\begin{pmatrix}", "\\end{pmatrix}", "\\text{", "$", "\\tag{1}", "\\label{a}", "'", "\\sum",
            "\\alpha", " ", "\\", "\"", "%", "\n", "\\mathbf", "\\operatorname{", "é", "∑",
        ]
        var generator = SystemRandomNumberGenerator()
        var converted = 0
        for _ in 0..<1500 {
            let tex = (0..<Int.random(in: 1...12, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }.joined()
            for display in [true, false] {
                guard let r = try? MathMLConverter().convert(tex, display: display, at: here, context: MathContext())
                else { continue }
                converted += 1
                #expect(throws: Never.self, "\(tex)") { _ = try parseXML(r.mathml) }
            }
        }
        #expect(converted > 50)
    }
}

@Suite struct PositionTests {
    @Test func columnsCountUnicodeScalarsNotBytes() {
        // "∑é " is 3 scalars but 6 bytes: \foo is at scalar offset 3, column 5 + 3.
        #expect(problems("∑é \\foo").map(\.location?.column) == [8])
        let later = marked("∑\n é 1️⃣\\foo")
        #expect(problems(later.text).map(\.location) == [later.location(1)])
    }
}

@Suite struct NestingTests {
    @Test func deepNestingIsAnErrorNotACrash() {
        for tex in [
            String(repeating: "{", count: 100_000), String(repeating: "\\sqrt", count: 100_000) + "x",
            String(repeating: "\\displaystyle", count: 100_000), String(repeating: "x^{", count: 50_000),
        ] {
            let found = problems(tex)
            #expect(found.count == 1)
            #expect(found.first?.says(.nestedTooDeeply(levels: 100)) == true)
        }
        #expect(problems(String(repeating: "{", count: 30) + "x" + String(repeating: "}", count: 30)).isEmpty)
    }
}
