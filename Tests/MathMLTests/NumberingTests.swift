import Diagnostics
import MathML
import Testing

/// Issue 5 parts 2 and 3: tags, labels, `\eqref`, and computed values with `\swift{…}`.
@Suite struct NumberingTests {
    @Test func aTagSitsAtTheRightEdgeOnTheEquationsBaseline() throws {
        let (rendered, math) = try render(#"e^x \tag{7}"#)
        #expect(rendered.tag == "7")
        #expect(rendered.tags == ["7"])
        #expect(math.attributes["style"] == "position:relative")
        #expect(math.attributes["class"] == "tagged")
        #expect(
            math.children.map(\.structure) == [
                "mtable(mtr(mtd(msup(mi e, mi x), mrow(mphantom(msup(mi e, mi x)), mtext (7)))))"
            ])
        let tag = try #require(math.all.first { $0.attributes["class"] == "tag" })
        #expect(tag.attributes["style"] == "position:absolute;right:0")
        #expect(math.tags == ["(7)"])
    }

    @Test func starredTagHasNoParentheses() throws {
        let (rendered, math) = try render(#"x \tag*{A}"#)
        #expect(rendered.tag == "A")
        #expect(math.tags == ["A"])
    }

    @Test func untaggedDisplayEquationHasNoTable() throws {
        let (rendered, math) = try render(#"x = 1"#)
        #expect(rendered.tag == nil)
        #expect(rendered.anchors.isEmpty)
        #expect(math.count("mtable") == 0)
        #expect(math.attributes["style"] == nil)
    }

    @Test func labelsAreCollectedWithTheirTagsAndPositions() throws {
        let tex = marked("p = \\frac{a}{b}\n  1️⃣\\label{eq:softmax} \\tag{1}")
        let labels = try MathMLConverter().equationLabels(in: tex.text, at: here)
        #expect(labels == [EquationLabel(name: "eq:softmax", tag: "1", location: tex.location(1))])
        #expect(labels.first?.anchor == "eq-softmax")
        #expect(EquationLabel.anchor(for: "softmax") == "eq-softmax")
        #expect(EquationLabel.anchor(for: "fig:a b") == "eq-fig-a-b")
    }

    @Test func equationLabelsIgnoresSwiftAndEqrefAndReportsOnlyLabelProblems() throws {
        let labels = try MathMLConverter().equationLabels(
            in: #"J = \swift{softmaxJacobian(z)} \ne \eqref{eq:later} + \foo \label{eq:j} \tag{5}"#, at: here)
        #expect(labels.map(\.name) == ["eq:j"])
        #expect(throws: DiagnosticList.self) {
            _ = try MathMLConverter().equationLabels(in: #"x \label{a}"#, at: here)
        }
    }

    @Test func aLabelledEquationCarriesItsAnchorOnItsRow() throws {
        let (rendered, math) = try render(#"y = \mathrm{softmax}(z) \label{eq:y} \tag{2}"#)
        #expect(rendered.anchors == ["eq-y"])
        #expect(math.all.first { $0.name == "mtr" }?.attributes["id"] == "eq-y")
    }

    @Test func eqrefLinksToTheAnchorAndShowsTheTag() throws {
        let label = try #require(MathMLConverter().equationLabels(in: #"x \label{eq:x} \tag{3}"#, at: here).first)
        let context = try MathContext(collecting: [label])
        let (_, math) = try render(#"\text{by } \eqref{eq:x}"#, display: false, context: context)
        let link = try #require(math.all.first { $0.name == "a" })
        #expect(link.attributes["href"] == "#eq-x")
        #expect(link.text == "(3)")
        let (_, plain) = try render(#"\ref{eq:x}"#, display: false, context: context)
        #expect(plain.all.first { $0.name == "a" }?.text == "3")
    }

    @Test func alignGivesEachLineItsOwnTagAndAnchor() throws {
        let tex = """
            \\begin{align}
            y_i &= \\frac{e^{z_i}}{\\sum_j e^{z_j}} \\label{eq:softmax} \\tag{1} \\\\
            \\log y_i &= z_i - \\log \\sum_j e^{z_j} \\\\
            \\frac{\\partial y_i}{\\partial z_j} &= y_i(\\delta_{ij} - y_j) \\tag{3}
            \\end{align}
            """
        let (rendered, math) = try render(tex)
        #expect(rendered.tags == ["1", nil, "3"])
        #expect(rendered.tag == "1")
        #expect(rendered.anchors == ["eq-softmax"])
        let rows = math.all.filter { $0.name == "mtr" }
        #expect(rows.count == 3)
        #expect(rows.map { $0.children.count } == [2, 2, 2])
        #expect(rows.map(\.tags) == [["(1)"], [], ["(3)"]])
        #expect(rows[0].attributes["id"] == "eq-softmax")
        #expect(rows[1].attributes["id"] == nil)
        #expect(rows[1].children[0].attributes["columnalign"] == "right")
        #expect(rows[1].children[1].structure.hasPrefix("mtd(mrow(), mo =, msub(mi z, mi i), mo −, mi log"))
        // The sum in a display line has its limits below.
        #expect(rows[1].children[1].structure.contains("munder(mo ∑, mi j)"))
        // The tag copies the height of the cell it is in.
        #expect(rows[2].children[1].structure.contains("mrow(mphantom(mrow(), mo =, msub(mi y, mi i), "))
    }

    @Test func alignWithoutTagsIsAPlainTable() throws {
        let (rendered, math) = try render("\\begin{align*} a &= b \\\\ c &= d \\end{align*}")
        #expect(rendered.tags == [nil, nil])
        #expect(math.attributes["style"] == nil)
        #expect(math.tags.isEmpty)
        #expect(math.all.filter { $0.name == "mtr" }.map { $0.children.count } == [2, 2])
    }

    @Test func swiftPutsComputedMatricesVectorsAndNumbersIntoTheEquation() throws {
        var asked: [(String, Diagnostics.SourceLocation)] = []
        let context = MathContext(computed: { (expression, location) throws(DiagnosticList) -> MathValue in
            asked.append((expression, location))
            switch expression {
            case "softmaxJacobian(z)": return .matrix([["0.12", "-0.03"], ["-0.03", "0.19"]])
            case "softmax(z)": return .vector(["0.14", "0.86"])
            default: return .number("-0.25")
            }
        })
        let tex = marked(#"J = \swift{1️⃣softmaxJacobian(z)},\; y = \swift{softmax(z)},\; p_1 = \swift{p[0]}"#)
        let s = try structure(tex.text, context: context)
        #expect(
            s.contains(
                "mi J, mo =, mrow(mo (, mtable(mtr(mtd(mn 0.12), mtd(mrow(mo −, mn 0.03))), "
                    + "mtr(mtd(mrow(mo −, mn 0.03)), mtd(mn 0.19))), mo ))"))
        #expect(s.contains("mrow(mo (, mtable(mtr(mtd(mn 0.14)), mtr(mtd(mn 0.86))), mo ))"))
        #expect(s.hasSuffix("mo =, mrow(mo −, mn 0.25)"))
        #expect(asked.map { $0.0 } == ["softmaxJacobian(z)", "softmax(z)", "p[0]"])
        #expect(asked.first?.1 == tex.location(1))
    }

    @Test func swiftErrorsComeFromTheEvaluatorWithTheirPositions() {
        let failure = Diagnostic.error(at: SourceLocation(file: "page.md", line: 10, column: 12), "unknown name 'q'")
        let context = MathContext(computed: { (_, _) throws(DiagnosticList) -> MathValue in
            throw DiagnosticList([failure])
        })
        #expect(problems(#"x = \swift{q}"#, context: context) == [failure])
    }
}
