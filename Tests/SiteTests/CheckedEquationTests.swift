import Diagnostics
import Evaluator
import Foundation
import LiteratePage
import Markdown
import TestSupport
import Testing

@testable import Site

/// Checked equations (```` ```math ```` blocks with `%| check:`), compiled and run in page programs. The
/// references are the identities of calculus themselves: every correct step must agree with the step before it,
/// and every planted mistake must disagree, at its own line.
@Suite(.serialized) struct CheckedEquationTests {
    typealias Location = Diagnostics.SourceLocation

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/checked-equations")
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func evaluate(_ source: String, path: String = "page.md") -> EvaluatedPage {
        let (page, problems) = Page.parse(source, path: path)
        #expect(problems.isEmpty, "\(problems)")
        return PageEvaluator.evaluate(page)
    }

    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    /// The page's checked equations, prepared as the evaluator prepares them.
    static func equations(in source: String) -> [CheckedEquation] {
        let (page, _) = Page.parse(source, path: "page.md")
        return page.document.codeBlocks.filter(CheckedEquation.isMath).map { block in
            var equation = CheckedEquation.parse(block).0
            _ = equation.prepare()
            return equation
        }
    }

    /// A page of one `{swift}` block and then `math`.
    static func page(_ math: String, swift: String = "let scores: [Double] = [2, 5, 1]\n") -> String {
        "# T\n\n```{swift}\n\(swift)```\n\n\(math)"
    }

    // MARK: Correct steps

    @Test func everyCorrectStepAgrees() throws {
        let source = try Self.fixture("correct.md")
        let evaluated = Self.evaluate(source)
        #expect(evaluated.diagnostics.map(\.description) == [])
        let equations = Self.equations(in: source)
        // A step is an `=` between two sides of the same equation.
        let steps = equations.map { equation in
            equation.sides.count - Set(equation.sides.map(\.equation)).count
        }.reduce(0, +)
        #expect(steps >= 40, "\(steps) steps")
        #expect(equations.count == 16)
        let notes = evaluated.mathBlocks.values.compactMap(\.note)
        #expect(notes.count == equations.count)
        #expect(notes.allSatisfy { $0.hasPrefix("checked at z = ") }, "\(notes)")
    }

    // MARK: Planted mistakes

    @Test func everyPlantedMistakeIsAnErrorAtItsLineAndColumn() throws {
        let source = try Self.fixture("wrong.md")
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        // Each planted line ends in `% wrong`; the mistake is its last side, after its last ` = ` or `&= `.
        var planted: [Location] = []
        var inMath = false
        for (number, line) in lines.enumerated() {
            if line.hasPrefix("```") { inMath = line.hasPrefix("```math") }
            guard inMath, line.hasSuffix("% wrong") else { continue }
            let text = String(line)
            let ends: [String.Index] = [" = ", "&= "].compactMap { (marker: String) -> String.Index? in
                text.range(of: marker, options: .backwards)?.upperBound
            }
            let column = text[..<ends.max()!].unicodeScalars.count + 1
            planted.append(Location(file: "page.md", line: number + 1, column: column))
        }
        #expect(planted.count >= 20, "\(planted.count) planted")
        let evaluated = Self.evaluate(source)
        let errors = evaluated.diagnostics.filter { $0.severity == .error }
        #expect(errors.compactMap(\.location) == planted)
        #expect(errors.allSatisfy { $0.message.hasPrefix("this step disagrees with ") }, "\(errors)")
    }

    @Test func aDisagreementNamesTheIndexAndBothValues() {
        let source = MarkedText(
            Self.page(
                """
                ```math
                %| check: z = scores, p = normalize(z)
                %| over: i
                \\frac{\\partial p_i}{\\partial z_i} = 1️⃣\\frac{1}{\\sum_{k=1}^n z_k} - p_i
                ```

                """))
        let errors = Self.evaluate(source.text).diagnostics
        #expect(errors.count == 1)
        // z = [2, 5, 1]: the sum is 8, p = [1/4, 5/8, 1/8]; at i = 1 the derivative is (1 - 1/4)/8 = 0.09375 and
        // the essay's formula 1/8 - 1/4 = -0.125.
        #expect(errors.first?.location == source.location(1))
        #expect(errors.first?.message.contains("at i = 1: -0.125 here, 0.09375 there") == true, "\(errors)")
        #expect(errors.first?.message.contains("it disagrees at 2 more index values") == true)
    }

    @Test func anIndexPastTheEndIsADisagreementNotACrash() {
        let source = MarkedText(
            Self.page(
                """
                ```math
                %| check: z = scores
                0 = 1️⃣z_{i+1} - z_{i+1}
                ```

                """))
        let errors = Self.evaluate(source.text).diagnostics
        #expect(errors.map(\.location) == [source.location(1)])
        #expect(errors.first?.message.contains("at i = 3: NaN here, 0.0 there") == true, "\(errors)")
        #expect(errors.first?.message.contains("not a number") == true, "\(errors)")
    }

    @Test func anEquationIsCheckedAtEverySetOfValuesAndAMistakeIsReportedOnce() {
        let swift = "let scores: [Double] = [2, 5, 1]\nlet logits = [0.3, 0.7, 1.2, -0.2, 0.7]\n"
        let good = Self.page(
            """
            ```math
            %| check: z = scores, p = normalize(z)
            %| check: z = logits, p = normalize(z)
            %| expect: disagree
            \\frac{\\partial p_i}{\\partial z_i} = \\frac{1}{\\sum_{k=1}^n z_k} - p_i
            ```

            ```math
            %| check: z = scores, p = softmax(z)
            %| check: z = logits, p = softmax(z)
            \\frac{\\partial p_i}{\\partial z_j} = p_i (\\delta_{ij} - p_j)
            ```

            """, swift: swift)
        let evaluated = Self.evaluate(good)
        #expect(evaluated.diagnostics.isEmpty, "\(evaluated.diagnostics)")
        let notes = evaluated.mathBlocks.values.compactMap(\.note).sorted()
        // At the logits the sum is 2.7 and p_3 = 1.2/2.7: (1 - p_3)/2.7 = 0.20576132, 1/2.7 - p_3 = -0.074074074.
        #expect(
            notes == [
                "checked at z = [2, 5, 1] and at z = [0.3, 0.7, 1.2, -0.2, 0.7], all i, j",
                "disagrees, as expected, at z = [2, 5, 1]: at i = 2 the sides are 0.046875 and -0.5, off by 0.546875; "
                    + "disagrees, as expected, at z = [0.3, 0.7, 1.2, -0.2, 0.7]: at i = 3 the sides are 0.20576132 and "
                    + "-0.074074074, off by 0.27983539",
            ])
        let wrong = MarkedText(
            Self.page(
                """
                ```math
                %| check: z = scores, p = softmax(z)
                %| check: z = logits, p = softmax(z)
                \\frac{\\partial p_i}{\\partial z_j} = 1️⃣p_i (\\delta_{ij} + p_j)
                ```

                """, swift: swift))
        let errors = Self.evaluate(wrong.text).diagnostics
        #expect(errors.map(\.location) == [wrong.location(1)], "\(errors)")
        #expect(errors.first?.message.contains("(they differ by") == true)
    }

    // MARK: Expected disagreement

    @Test func anExpectedDisagreementPassesAndShowsByHowMuch() {
        let source = Self.page(
            """
            ```math
            %| check: z = scores, p = normalize(z)
            %| expect: disagree
            \\frac{\\partial p_i}{\\partial z_i} = \\frac{1}{\\sum_{k=1}^n z_k} - p_i
            ```

            """)
        let evaluated = Self.evaluate(source)
        #expect(evaluated.diagnostics.isEmpty, "\(evaluated.diagnostics)")
        let note = try? #require(evaluated.mathBlocks.values.first?.note)
        // The largest disagreement is at i = 2: (1 - 5/8)/8 = 0.046875 against 1/8 - 5/8 = -0.5.
        #expect(
            note
                == "disagrees, as expected, at z = [2, 5, 1]: at i = 2 the sides are 0.046875 and -0.5, off by 0.546875"
        )
        let html = PageRenderer.body(of: evaluated)
        #expect(html.contains("<p class=\"math-check math-check-disagree\"><small>disagrees, as expected"))
    }

    @Test func anExpectedDisagreementThatAgreesIsAnError() {
        let source = MarkedText(
            Self.page(
                """
                ```math
                %| check: 1️⃣z = scores, p = normalize(z)
                %| expect: disagree
                \\frac{\\partial p_i}{\\partial z_i} = \\frac{1 - p_i}{\\sum_{k=1}^n z_k}
                ```

                """))
        let errors = Self.evaluate(source.text).diagnostics
        #expect(errors.map(\.location) == [source.location(1)])
        #expect(errors.first?.message.contains("expected to disagree") == true, "\(errors)")
    }

    // MARK: Errors before running

    @Test func whatCannotBeEvaluatedIsAnErrorAtItsPosition() {
        // 1️⃣ marks where each error is expected.
        let cases: [(math: String, message: String)] = [
            ("%| check: z = scores\n1️⃣\\int_0^1 z_i = 1", "cannot evaluate \\int"),
            ("%| check: z = scores\nz_i = 1️⃣q_i", "cannot evaluate 'q'"),
            ("%| check: z = scores\n%| 1️⃣colour: red\nz_i = z_i", "unknown math option 'colour'"),
            ("%| check: 1️⃣z: tensor = scores\nz_i = z_i", "'tensor' is not a kind"),
            ("%| check: z = scores\n%| over: i\nz_i = 1️⃣z_j", "index 'j' is free here but not in 'over: i'"),
            ("%| check: z = scores\n%| base: 1️⃣2\nz_i = z_i", "'base' is 0 or 1"),
            ("%| check: z = scores\n%| tolerance: 1️⃣lots\nz_i = z_i", "'tolerance' is a relative tolerance"),
            ("%| check: z = scores\n%| where: 1️⃣i < j\nz_i = z_i", "'where' compares two indices"),
            ("1️⃣%| expect: disagree\nx = 1", "'expect' needs 'check:'"),
            ("%| check: z = scores, 1️⃣z = scores\nz_i = z_i", "'z' is bound twice"),
            ("%| check: 1️⃣scores\nz_i = z_i", "expected 'symbol = swift'"),
        ]
        for entry in cases {
            let source = MarkedText(Self.page("```math\n\(entry.math)\n```\n"))
            let errors = Self.evaluate(source.text).diagnostics
            #expect(errors.count == 1, "\(entry.math): \(errors)")
            #expect(errors.first?.location == source.location(1), "\(entry.math): \(errors)")
            #expect(errors.first?.message.contains(entry.message) == true, "\(entry.math): \(errors)")
        }
    }

    @Test func aBindingToAMissingSwiftValueIsTheCompilersErrorOnTheCheckLine() {
        let source = MarkedText(Self.page("```math\n%| check: z = 1️⃣nowhere\nz_i = z_i\n```\n"))
        let errors = Self.evaluate(source.text).diagnostics
        #expect(errors.map(\.location) == [source.location(1)], "\(errors)")
        #expect(errors.first?.message.contains("nowhere") == true, "\(errors)")
    }

    @Test func tooManyIndexValuesIsAnErrorNotAHang() {
        let source = MarkedText(
            Self.page(
                "```math\n%| check: 1️⃣z = big\nz_i + z_j + z_k = z_k + z_j + z_i\n```\n",
                swift: "let big = (0..<100).map { Double($0) / 100 }\n"))
        let errors = Self.evaluate(source.text).diagnostics
        #expect(errors.map(\.location) == [source.location(1)])
        #expect(errors.first?.message.contains("1000000 index values") == true, "\(errors)")
        #expect(_literateIndexTupleCount(count: 1 << 32, indices: 3) == Int.max)
    }

    // MARK: Rendering

    @Test func aCheckedEquationRendersAsDisplayMathWithItsNumberAndNote() {
        let source = Self.page(
            """
            ```math
            %| check: z = scores, p = softmax(z)
            %| where: i != j
            \\frac{\\partial p_i}{\\partial z_j} = -p_i p_j \\tag{4} \\label{eq:off}
            ```

            As $\\eqref{eq:off}$ says.

            ```math
            a + b = c
            ```

            $$a + b = c$$

            """)
        let evaluated = Self.evaluate(source)
        #expect(evaluated.diagnostics.isEmpty, "\(evaluated.diagnostics)")
        let html = PageRenderer.body(of: evaluated)
        #expect(html.contains("<math display=\"block\" class=\"tagged\""))
        #expect(html.contains("id=\"eq-off\""))
        #expect(html.contains("<a class=\"eqref\" href=\"#eq-off\">(4)</a>"))
        #expect(
            html.contains(
                "<p class=\"math-check\"><small>checked at z = [2, 5, 1], all i, j with i ≠ j</small></p>"))
        // An unchecked math block is the same MathML as $$…$$, with no note.
        let unchecked = evaluated.mathBlocks.values.filter { $0.note == nil }.compactMap(\.rendered?.mathml)
        let display = zip(evaluated.page.document.math, evaluated.math).filter { $0.0.display }.compactMap {
            $0.1?.mathml
        }
        #expect(unchecked.count == 1)
        #expect(unchecked == display)
        #expect(html.components(separatedBy: "class=\"math-check").count == 2)
    }

    @Test func swiftValuesInAnUncheckedMathBlockAreComputed() {
        let evaluated = Self.evaluate(Self.page("```math\nJ = \\swift{softmaxJacobian(scores)}\n```\n"))
        #expect(evaluated.diagnostics.isEmpty, "\(evaluated.diagnostics)")
        let html = PageRenderer.body(of: evaluated)
        // p_1 = e^2 / (e^2 + e^5 + e^1) and J_11 = p_1 (1 - p_1) = 0.0444398859943772 (Python's math.exp).
        #expect(html.contains("<mn>0.044439886</mn>"))
    }

    // MARK: Judging, without a compiler

    /// The equation `x = y` with both sides judged on `values` (one value per side).
    static func judged(_ values: [Double], errors: [Double] = [0, 0], tolerance: String = "")
        -> CheckedEquation.Judgement
    {
        let code = "%| check: x = a, y = b\n\(tolerance.isEmpty ? "" : "%| tolerance: \(tolerance)\n")x = y\n"
        let block = CodeBlock(info: "math", code: code, location: Location(file: "p.md", line: 3, column: 1))
        var equation = CheckedEquation.parse(block).0
        #expect(equation.prepare().isEmpty)
        let rows: [[Double]] = [[0], [values[0], errors[0]], [values[1], errors[1]], [1], [2]]
        let value = Value.array(rows.map { .array($0.map { .double($0) }) })
        return equation.judge(value, digits: 8)
    }

    @Test func theToleranceIsRelativeToTheEquationsLargestValue() {
        #expect(Self.judged([1000, 1000 * (1 + 5e-10)]).diagnostics.isEmpty)
        #expect(Self.judged([1000, 1000 * (1 + 2e-9)]).diagnostics.count == 1)
        #expect(Self.judged([1e-11, 1.000000000001e-11]).diagnostics.isEmpty)
        #expect(Self.judged([1e-11, 1.01e-11]).diagnostics.count == 1)
        // Every value 0 up to rounding (below 1e-12): absolute, so a row of a Jacobian sums to 0.
        #expect(Self.judged([0, 1e-17]).diagnostics.isEmpty)
        #expect(Self.judged([1e-20, 2e-20]).diagnostics.isEmpty)
        #expect(Self.judged([0, 1e-12]).diagnostics.count == 1)
        // Settable.
        #expect(Self.judged([1, 1 + 1e-7], tolerance: "1e-6").diagnostics.isEmpty)
        #expect(Self.judged([1, 1 + 1e-5], tolerance: "1e-6").diagnostics.count == 1)
        // The derivatives' error estimates widen it.
        #expect(Self.judged([1, 1 + 1e-8], errors: [1e-8, 0]).diagnostics.isEmpty)
        // …by at most 1e-6 of the scale.
        #expect(Self.judged([1, 1.5], errors: [1, 0]).diagnostics.count == 1)
        // Not a number never agrees.
        #expect(Self.judged([.nan, .nan]).diagnostics.count == 1)
        #expect(Self.judged([1, .infinity]).diagnostics.count == 1)
        #expect(Self.judged([1, 1]).note == "checked at x = 1, y = 2")
    }

    /// Random option lines and TeX: diagnostics, never a crash (parsing and translating only; nothing runs).
    @Test func randomBlocksGiveDiagnosticsNeverACrash() {
        var generator = SplitMix64(seed: 18)
        let pieces = [
            "%| ", "check", "over", "where", "base", "tolerance", "expect", ":", " = ", "=", ",", "!=", "==", "z", "p",
            "i", "j", "n", "0", "1", "1e-3", "disagree", "scores", "softmax(", ")", "\\frac{", "}", "{", "_", "^",
            "\\partial ", "\\sum_{k=1}^n ", "\\delta_{ij}", "&", "\\\\", "\n", " ", "-", "+", "é", "∑",
            "\\begin{aligned}", "\\end{aligned}", "vector", "z:", "\\sigma", "%",
        ]
        var checked = 0
        var diagnosed = 0
        for _ in 0..<3000 {
            var code = Bool.random(using: &generator) ? "%| check: z = scores, p = softmax(z)\n" : ""
            for _ in 0..<Int(generator.next() % 24) { code += pieces[Int(generator.next() % UInt64(pieces.count))] }
            let block = CodeBlock(info: "math", code: code, location: Location(file: "p.md", line: 5, column: 1))
            let (equation, problems) = CheckedEquation.parse(block)
            for var point in equation.points {
                let more = point.prepare()
                if point.isChecked { checked += 1 }
                if !(problems + more).isEmpty { diagnosed += 1 }
                for diagnostic in problems + more {
                    #expect(diagnostic.location.map { $0.line >= 4 && $0.column >= 1 } ?? true, "\(code)")
                }
                _ = point.judge(nil, digits: 8)
            }
        }
        #expect(checked > 1000 && diagnosed > 1000, "\(checked) checked, \(diagnosed) with diagnostics")
    }

    // MARK: The page library's side

    @Test func theProgramEvaluatesEverySideAtEveryIndexTuple() {
        let rows = _literateCheckEquation(
            count: 2, base: 1, indices: 2,
            [
                { Double(10 * $0[0] + $0[1]) },
                { x in _literateDerivative({ $0 * $0 * $0 }, at: Double(x[0])) },
            ])
        #expect(rows.count == 2)
        #expect(rows[0] == [11, 0, 12, 0, 21, 0, 22, 0])
        // d/dx x³ = 3x², at x = 1 and 2, with a small positive error estimate.
        let derivatives = stride(from: 0, to: 8, by: 2).map { rows[1][$0] }
        for (got, want) in zip(derivatives, [3.0, 3, 12, 12]) { #expect(abs(got - want) < 1e-9 * want) }
        for error in stride(from: 1, to: 8, by: 2).map({ rows[1][$0] }) { #expect(error >= 0 && error < 1e-8) }
        #expect(_literateIndexTuples(count: 3, base: 0, indices: 0) == [[]])
        #expect(_literateIndexTuples(count: 2, base: 0, indices: 2) == [[0, 0], [0, 1], [1, 0], [1, 1]])
        #expect(
            CheckedEquation.tuples(count: 3, base: 1, indices: 2) == _literateIndexTuples(count: 3, base: 1, indices: 2)
        )
    }

    @Test func anOutOfRangeIndexIsNaNNotACrash() {
        #expect([1.0, 2]._literateAt(2).isNaN)
        #expect([1.0, 2]._literateAt(-1).isNaN)
        #expect([[1.0], [2]]._literateAt(5)._literateAt(0).isNaN)
        #expect(_literateDerivative({ $0[0] }, at: [1, 2], index: 2).isNaN)
    }

    // MARK: The tutorial

    /// Done when: changing any sign in a derivation step of the built tutorial fails the build at that line.
    @Test func flippingAnySignInTheTutorialsCheckedEquationsFailsAtItsLine() throws {
        let path = Self.root.appendingPathComponent("Content/why-softmax.md").path
        let source = try String(contentsOfFile: path, encoding: .utf8)
        let clean = Self.evaluate(source, path: "why-softmax.md")
        #expect(clean.diagnostics.isEmpty, "\(clean.diagnostics)")
        let notes = clean.mathBlocks.values.compactMap(\.note)
        #expect(notes.filter { $0.hasPrefix("checked at z = [2, 5, 1]") }.count == 6)
        #expect(notes.filter { $0.hasPrefix("disagrees, as expected") }.count == 1)

        var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var inMath = false
        var expectDisagree = false
        var flips = 0
        for number in lines.indices {
            let line = lines[number]
            if line.hasPrefix("```math") {
                inMath = true
                expectDisagree = false
                continue
            }
            if inMath && line.hasPrefix("```") { inMath = false }
            if line.hasPrefix("%| expect: disagree") { expectDisagree = true }
            // A wrong-on-purpose equation stays wrong with another sign; labels are not math.
            guard inMath, !expectDisagree, !line.hasPrefix("%|") else { continue }
            let math = line.components(separatedBy: "\\label")[0]
            for (offset, character) in math.enumerated() where character == "+" || character == "-" {
                var flipped = line
                let index = flipped.index(flipped.startIndex, offsetBy: offset)
                flipped.replaceSubrange(index...index, with: character == "+" ? "-" : "+")
                lines[number] = flipped
                let errors = Self.evaluate(lines.joined(separator: "\n"), path: "why-softmax.md").diagnostics
                #expect(
                    !errors.isEmpty && errors.allSatisfy { $0.location?.line == number + 1 },
                    "line \(number + 1): \(flipped): \(errors)")
                lines[number] = line
                flips += 1
            }
        }
        #expect(flips >= 10, "\(flips) signs flipped")
    }
}
