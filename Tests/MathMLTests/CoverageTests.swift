import Diagnostics
import MathML
import Testing

/// Issue 5 part 1: the LaTeX that tutorials on probability, gradients and linear algebra use.
@Suite struct CoverageTests {
    @Test(arguments: [
        (#"\frac{a}{b}"#, "mfrac(mi a, mi b)"),
        (#"\frac12"#, "mfrac(mn 1, mn 2)"),
        (#"x_i^2"#, "msubsup(mi x, mi i, mn 2)"),
        (#"f''(x)"#, "msup(mi f, mo ″), mo (, mi x, mo )"),
        (#"f'_i"#, "msubsup(mi f, mi i, mo ′)"),
        (#"\sqrt{x}"#, "msqrt(mi x)"),
        (#"\sqrt[3]{x}"#, "mroot(mi x, mn 3)"),
        (#"\left. \frac{a}{b} \right|_{x=0}"#, "msub(mrow(mo, mfrac(mi a, mi b), mo |), mrow(mi x, mo =, mn 0))"),
        (#"\left\langle x \middle| y \right\rangle"#, "mrow(mo ⟨, mi x, mo |, mi y, mo ⟩)"),
        (#"\Gamma \varepsilon \varphi \phi \vartheta"#, "mi:normal Γ, mi ε, mi φ, mi ϕ, mi ϑ"),
        (#"\partial \nabla \infty"#, "mi ∂, mi:normal ∇, mi ∞"),
        (
            #"\le \ge \ne \approx \equiv \in \to \mapsto \forall \exists \leq \geq \neq \sim \propto \times \cdot \pm"#,
            "mo ≤, mo ≥, mo ≠, mo ≈, mo ≡, mo ∈, mo →, mo ↦, mo ∀, mo ∃, mo ≤, mo ≥, mo ≠, mo ∼, mo ∝, mo ×, mo ⋅, mo ±"
        ),
        (#"\dots \cdots \ldots \vdots \ddots"#, "mo …, mo ⋯, mo …, mo ⋮, mo ⋱"),
        (#"\exp x \log y \ln z"#, "mi exp, mo \u{2061}, mi x, mi log, mo \u{2061}, mi y, mi ln, mo \u{2061}, mi z"),
        (#"\operatorname{softmax}(z)"#, "mi softmax, mo \u{2061}, mo (, mi z, mo )"),
        (#"\operatorname*{argmax}_x f"#, "munder(mi argmax, mi x), mo \u{2061}, mi f"),
        (#"\mathbf{x}^\top \mathbf{W}"#, "msup(mi 𝐱, mi ⊤), mi 𝐖"),
        (#"A^\intercal"#, "msup(mi A, mi ⊺)"),
        (#"\mathbb{R}^n \mathcal{L} \mathit{x} \boldsymbol{\alpha}"#, "msup(mi ℝ, mi n), mi ℒ, mi 𝑥, mi 𝜶"),
        (#"\mathrm{softmax}(z) \mathrm{d}x"#, "mi:normal softmax, mo (, mi z, mo ), mi:normal d, mi x"),
        (
            #"\hat{y} \bar{x} \tilde{z} \vec{v} \dot{x}"#,
            "mover(mi y, mo ˆ), mover(mi x, mo ¯), mover(mi z, mo ˜), mover(mi v, mo →), mover(mi x, mo ˙)"
        ),
        (
            #"a\,b\;c\quad d\qquad e\!f"#,
            "mi a, mspace(), mi b, mspace(), mi c, mspace(), mi d, mspace(), mi e, mspace(), mi f"
        ),
        (#"\{ x \}"#, "mo {, mi x, mo }"),
        (#"\text{for all } i"#, "mtext for\u{a0}all\u{a0}, mi i"),
        (#"\vec{x} \in \mathbb{R}^n"#, "mover(mi x, mo →), mo ∈, msup(mi ℝ, mi n)"),
        (#"\not\in \not= \not<"#, "mo ∉, mo ≠, mo ≮"),
        (#"\binom{n}{k}"#, "mrow(mo (, mfrac(mi n, mi k), mo ))"),
        (#"\underbrace{a+b}_{2}"#, "munder(munder(mrow(mi a, mo +, mi b), mo ⏟), mn 2)"),
        (#"3.14 \times 10^{-3}"#, "mn 3.14, mo ×, msup(mn 10, mrow(mo −, mn 3))"),
        (#"\sum\nolimits_i x_i"#, "msub(mo ∑, mi i), msub(mi x, mi i)"),
        (#"\sum_{\substack{i \\ j}} a"#, "munder(mo ∑, mtable(mtr(mtd(mi i)), mtr(mtd(mi j)))), mi a"),
        (#"1 % a comment"#, "mn 1"),
        (#"αβ ≤ 2"#, "mi α, mi β, mo ≤, mn 2"),
    ])
    func converts(_ tex: String, _ expected: String) throws {
        #expect(try structure(tex) == expected)
    }

    @Test func largeOperatorsPutLimitsUnderAndOverOnlyInDisplayStyle() throws {
        for op in ["sum": "mo ∑", "prod": "mo ∏", "lim": "mi lim", "max": "mi max", "min": "mi min"] {
            let display = try structure("\\\(op.key)_{i}^{n}")
            #expect(display.hasPrefix("munderover(\(op.value), mi i, mi n)"), "\(display)")
            let inline = try structure("\\\(op.key)_{i}^{n}", display: false)
            #expect(inline.hasPrefix("msubsup(\(op.value), mi i, mi n)"), "\(inline)")
        }
        // \int keeps its limits beside even in display style; \limits moves them.
        #expect(try structure(#"\int_0^1 f"#) == "msubsup(mo ∫, mn 0, mn 1), mi f")
        #expect(try structure(#"\int\limits_0^1 f"#, display: false) == "munderover(mo ∫, mn 0, mn 1), mi f")
        // \arg\max: limits under max.
        #expect(
            try structure(#"\arg\max_{x} f(x)"#)
                == "mi arg, mo \u{2061}, munder(mi max, mi x), mo \u{2061}, mi f, mo (, mi x, mo )")
        // \displaystyle inside inline math switches to limits under and over.
        #expect(try structure(#"\displaystyle\sum_i x"#, display: false) == "mstyle(munder(mo ∑, mi i), mi x)")
    }

    @Test func fractionStyles() throws {
        let (_, d) = try render(#"\dfrac{1}{2}"#, display: false)
        #expect(d.children.first?.attributes["displaystyle"] == "true")
        #expect(d.children.first?.structure == "mstyle(mfrac(mn 1, mn 2))")
        let (_, t) = try render(#"\tfrac{1}{2}"#)
        #expect(t.children.first?.attributes["displaystyle"] == "false")
        #expect(try structure(#"\frac{1}{2}"#) == "mfrac(mn 1, mn 2)")
    }

    @Test func delimiters() throws {
        let (_, math) = try render(#"\left( \frac{a}{b} \right) \big( \Bigl[ x \Bigr] \bigg| \Biggr)"#)
        let fences = math.all.filter { $0.name == "mo" }
        #expect(fences.map(\.text) == ["(", ")", "(", "[", "]", "|", ")"])
        #expect(fences[0].attributes["stretchy"] == "true")
        #expect(fences[2].attributes["minsize"] == "1.2em")
        #expect(fences[3].attributes["minsize"] == "1.8em")
        #expect(fences[3].attributes["form"] == "prefix")
        #expect(fences[5].attributes["maxsize"] == "2.4em")
        #expect(fences[6].attributes["maxsize"] == "3em")
        // Bare parentheses do not stretch around a fraction next to them.
        let (_, bare) = try render(#"(\frac{a}{b})"#)
        #expect(bare.children.first?.attributes["stretchy"] == "false")
    }

    @Test func matrixEnvironments() throws {
        #expect(try structure(#"\begin{matrix} a & b \end{matrix}"#) == "mtable(mtr(mtd(mi a), mtd(mi b)))")
        #expect(try structure(#"\begin{bmatrix} a \end{bmatrix}"#) == "mrow(mo [, mtable(mtr(mtd(mi a))), mo ])")
        #expect(try structure(#"\begin{vmatrix} a \end{vmatrix}"#) == "mrow(mo |, mtable(mtr(mtd(mi a))), mo |)")
        #expect(try structure(#"\begin{Vmatrix} a \end{Vmatrix}"#) == "mrow(mo ‖, mtable(mtr(mtd(mi a))), mo ‖)")
        // Short rows are padded so every row has the same number of cells.
        #expect(
            try structure(#"\begin{pmatrix} a & b \\ c \end{pmatrix}"#)
                == "mrow(mo (, mtable(mtr(mtd(mi a), mtd(mi b)), mtr(mtd(mi c), mtd())), mo ))")
        let aligned = try structure("\\begin{aligned} a &= b \\\\ &= c \\end{aligned}")
        #expect(aligned == "mtable(mtr(mtd(mi a), mtd(mrow(), mo =, mi b)), mtr(mtd(), mtd(mrow(), mo =, mi c)))")
        #expect(try structure(#"\begin{array}{lr} 1 & 2 \end{array}"#) == "mtable(mtr(mtd(mn 1), mtd(mn 2)))")
    }

    @Test func escapingOfMarkupCharacters() throws {
        let (rendered, math) = try render(#"a < b > c \& d \text{x<y & "z"}"#)
        #expect(rendered.mathml.contains("<mo>&lt;</mo>"))
        #expect(rendered.mathml.contains("<mo>&gt;</mo>"))
        #expect(rendered.mathml.contains("<mo>&amp;</mo>"))
        #expect(rendered.mathml.contains("x&lt;y\u{a0}&amp;\u{a0}\"z\""))
        #expect(math.children.map(\.structure).joined(separator: ", ").hasPrefix("mi a, mo <, mi b, mo >, mi c, mo &"))
    }

    @Test func spacingWidths() throws {
        let (_, math) = try render(#"\, \: \; \quad \qquad \!"#)
        #expect(
            math.children.map { $0.attributes["width"] }
                == ["0.1667em", "0.2222em", "0.2778em", "1em", "2em", "-0.1667em"])
    }
}

@Suite struct SignTests {
    @Test func aMinusAfterARelationIsASignWithoutSpacing() throws {
        let (_, math) = try render(#"\frac{\delta y_i}{\delta z_j} = -y_i y_j"#)
        let minus = try #require(math.all.first { $0.text == "−" })
        #expect(minus.attributes["lspace"] == "0")
        #expect(minus.attributes["rspace"] == "0")
        let (_, binary) = try render(#"(a) - b + c"#)
        #expect(binary.all.filter { $0.name == "mo" && $0.attributes["lspace"] != nil }.isEmpty)
    }
}
