import Diagnostics
import MathML
import Testing

/// The six numbered equations and the inline math of the essay "Why softmax?".
@Suite struct EssayTests {
    @Test func equationOneIsTheSoftmaxWithItsTag() throws {
        // In display style; the sum in the denominator is in text style, so its limits go beside (as in TeX).
        let (rendered, math) = try render(#"p(x_i) = \frac{e^{x_i}}{\sum_{j=1}^n e^{x_j}} \tag{1}"#)
        #expect(rendered.tag == "1")
        #expect(math.attributes["display"] == "block")
        let s = math.children.map(\.structure).joined()
        #expect(
            s.contains(
                "mtd(mi p, mo (, msub(mi x, mi i), mo ), mo =, mfrac(msup(mi e, msub(mi x, mi i)), "
                    + "mrow(msubsup(mo ∑, mrow(mi j, mo =, mn 1), mi n), msup(mi e, msub(mi x, mi j)))), mrow(mphantom("
            ))
        #expect(math.tags == ["(1)"])
    }

    @Test func equationTwoIsSimpleNormalization() throws {
        let s = try structure(#"p(x_i) = \frac{x_i}{\sum_{j=1}^n x_j} \tag{2}"#)
        #expect(
            s.contains("mfrac(msub(mi x, mi i), mrow(msubsup(mo ∑, mrow(mi j, mo =, mn 1), mi n), msub(mi x, mi j)))"))
        #expect(s.contains("mrow(mphantom(mi p, mo (, msub(mi x, mi i), mo ), mo =, mfrac("))
        #expect(s.hasSuffix("mtext (2)))))"))
    }

    @Test func equationsThreeToSixAreDerivatives() throws {
        let three = try structure(#"\frac{\delta y_i}{\delta z_i} = y_i (1 - y_i) \tag{3}"#)
        #expect(
            three.contains(
                "mfrac(mrow(mi δ, msub(mi y, mi i)), mrow(mi δ, msub(mi z, mi i))), mo =, msub(mi y, mi i), mo (, mn 1, mo −, msub(mi y, mi i), mo )"
            ))
        let four = try structure(#"\frac{\delta y_i}{\delta z_j} = -y_i y_j \tag{4}"#)
        #expect(four.contains("mo =, mo −, msub(mi y, mi i), msub(mi y, mi j)"))
        let five = try structure(#"\frac{\delta y_i}{\delta z_i} = \frac{1}{\sum z_j} - p_i \tag{5}"#)
        #expect(five.contains("mfrac(mn 1, mrow(mo ∑, msub(mi z, mi j))), mo −, msub(mi p, mi i)"))
        let six = try structure(#"\frac{\delta y_i}{\delta z_j} = -\frac{p_i}{\sum z_j} \tag{6}"#)
        #expect(six.contains("mo −, mfrac(msub(mi p, mi i), mrow(mo ∑, msub(mi z, mi j)))"))
        #expect(six.contains("mtext (6)"))
    }

    @Test func unnumberedAndInlineMath() throws {
        #expect(try structure("x_1, ... x_n") == "msub(mi x, mn 1), mo ,, mo …, msub(mi x, mi n)")
        #expect(
            try structure("z = [z_1, ..., z_n]", display: false).contains("mo [, msub(mi z, mn 1), mo ,, mo …, mo ,"))
        let (rendered, math) = try render(#"\sum z_j"#, display: false)
        #expect(rendered.tag == nil)
        #expect(math.attributes["display"] == nil)
        #expect(
            math.children.map(\.structure) == ["msub(mo ∑, mi z)"]
                || math.children.map(\.structure) == ["mo ∑", "msub(mi z, mi j)"])
    }
}
