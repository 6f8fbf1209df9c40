import Diagnostics
import Foundation
import MathML
import Testing

/// One row of `Fixtures/katex-temml-cases.tsv`: id, mode, LaTeX, expected elements (prose), source.
struct ConformanceCase: CustomTestStringConvertible, Sendable {
    var id: String
    var display: Bool
    var latex: String
    var expected: String

    var testDescription: String { "\(id): \(latex)" }

    static let all: [ConformanceCase] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/katex-temml-cases.tsv")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return ConformanceCase(
                id: fields[0], display: fields[1] == "display", latex: fields[2], expected: fields[3])
        }
    }()
}

/// The TSV's prose expectations restated as element structures (see `Element.structure`): every listed
/// fragment must occur in the output's structure, and every listed element count must match.
struct Expectation: Sendable {
    var fragments: [String]
    var counts: [String: Int] = [:]
    /// The text of the tag in the table row, for tagged equations. (The tag is not a cell of its own: see
    /// `Parser.attachTag` for why; the TSV's KaTeX and Temml counts of `mtd` differ anyway.)
    var tag: String? = nil
}

let fa = "mo \u{2061}"  // function application after a function name
let nbsp = "\u{00A0}"

let expectations: [String: Expectation] = [
    "K1": Expectation(fragments: ["munderover(mo ∑, mi a, mi b)"]),
    "K2": Expectation(fragments: ["msubsup(mo ∑, mi a, mi b)"], counts: ["munderover": 0]),
    "K3": Expectation(fragments: ["mi sin, \(fa), mi x, mo +, mn 1, mspace(), mtext a"]),
    "K4": Expectation(fragments: ["mi sin, \(fa), mi α, mo =, mn 0.34, mo =, msup(mn .34, mn 1)"]),
    "K5": Expectation(fragments: ["msup(mi f, mo ′)"]),
    "K6": Expectation(fragments: ["munder(mi lim\u{2009}sup, mrow(mi x, mo →, mi ∞)), \(fa)"]),
    "K7": Expectation(
        fragments: ["mtable(mtr(mtd(mi x, mo +, msup(mi y, mn 2), mrow(mphantom("], counts: ["mlabeledtr": 0],
        tag: "(hi)"),
    "K8": Expectation(fragments: ["munderover(mo ∑, mrow(mi k, mo =, mn 0), mi ∞), msup(mi x, mi k)"]),
    "S1": Expectation(fragments: ["munderover(mo ∑, mrow(mi i, mo =, mn 0), mi ∞), mfrac(mn 1, mi i)"]),
    "S2": Expectation(fragments: ["mi α, mi β, mi γ, mi ω"], counts: ["mi": 4]),
    "S3": Expectation(fragments: ["mi sin, \(fa), mi cos, \(fa), mi tan, \(fa), mi ln, \(fa), mi log, \(fa)"]),
    "S4": Expectation(fragments: [
        "mrow(mo (, msup(mi x, mn 2), mo ))",
        "mrow(mo {, msup(mi x, msup(mi x, msup(mi x, msup(mi x, mi x)))), mo)",
    ]),
    "S5": Expectation(fragments: ["mfrac(mi a, mi b), mtext c\(nbsp)\(nbsp)ab\(nbsp)\(nbsp)e, mo +, mi f, mi g"]),
    "S6": Expectation(fragments: ["mi a, mo +, mi b, mo −, mi c, mo ⋅, mi d, mo /, mi e"]),
    "S7": Expectation(fragments: ["mo (, mtable(mtr(mtd(mn 1)), mtr(mtd(mn 2))), mo )"], counts: ["mtr": 2]),
    "S8": Expectation(fragments: ["msubsup(mi a, msubsup(mi a, mi a, mi a), msubsup(mi a, mi a, mi a))"]),
    "S9": Expectation(
        fragments: [
            "mfrac(mrow(msup(mi ∂, mn 2), mi f), mrow(mi ∂, msubsup(mi x, mn 1, mn 2)))",
            "msub(mi x, mi n)", "mtd(mo ⋯)", "mtr(mtd(mo ⋮), mtd(mo ⋮), mtd(mo ⋱), mtd(mo ⋮))",
        ],
        counts: ["mtable": 1, "mtr": 4, "mtd": 16, "mfrac": 9]),
    "W9": Expectation(fragments: ["mover(mi a, mo ˆ), mo ,, mover(mi a, mo ˆ), mo ,, mover(mi a, mo →)"]),
    "W10": Expectation(fragments: [
        "msub(mi exp, mi a), \(fa), mi b", "msup(mi a, mi b)", "mi exp, \(fa), mi b", "msup(mi e, mi b)",
        "msup(mn 10, mi m)",
    ]),
    "W11": Expectation(fragments: [
        "mi ln, \(fa), mi c", "mi lg, \(fa), mi d", "mi log, \(fa), mi e", "msub(mi log, mn 10), \(fa), mi f",
    ]),
    "W22": Expectation(fragments: ["mi d, mi t, mo ,, mi:normal d, mi t, mo ,, mi ∂, mi t, mo ,, mi:normal ∇, mi ψ"]),
    "W23": Expectation(
        fragments: ["mfrac(msup(mi ∂, mn 2), mrow(mi ∂, msub(mi x, mn 1), mi ∂, msub(mi x, mn 2))), mi y"],
        counts: ["mfrac": 3]),
    "W31": Expectation(fragments: [
        "mo √", "msqrt(mn 2)", "mroot(mn 2, mi n)",
        "mroot(mfrac(mrow(msup(mi x, mn 3), mo +, msup(mi y, mn 3)), mn 2), mn 3)",
    ]),
    "W119": Expectation(fragments: ["munderover(mo ∑, mrow(mi k, mo =, mn 1), mi N), msup(mi k, mn 2)"]),
    "W121": Expectation(fragments: [
        "mfrac(mrow(msubsup(mo ∑, mrow(mi k, mo =, mn 1), mi N), msup(mi k, mn 2)), mi a)"
    ]),
    "W127": Expectation(fragments: ["munder(mi lim, mrow(mi n, mo →, mi ∞)), \(fa), msub(mi x, mi n)"]),
    "W140": Expectation(fragments: ["mfrac(mn 2, mn 4), mo =, mn 0.5"]),
    "W151": Expectation(fragments: [
        "mo [, mtable(mtr(mtd(mn 0), mtd(mo ⋯), mtd(mn 0)), mtr(mtd(mo ⋮), mtd(mo ⋱), mtd(mo ⋮)), "
            + "mtr(mtd(mn 0), mtd(mo ⋯), mtd(mn 0))), mo ]"
    ]),
    "W153": Expectation(fragments: ["mo (, mtable(mtr(mtd(mi x), mtd(mi y)), mtr(mtd(mi z), mtd(mi v))), mo )"]),
    "W155": Expectation(
        fragments: [
            "mrow(mo {, mtable(mtr(mtd(mi n, mo /, mn 2, mo ,), mtd(mtext if\(nbsp), mi n, mtext \(nbsp)is\(nbsp)even)), "
                + "mtr(mtd(mn 3, mi n, mo +, mn 1, mo ,), mtd(mtext if\(nbsp), mi n, mtext \(nbsp)is\(nbsp)odd))), mo)"
        ],
        counts: ["mtr": 2, "mtd": 4]),
    "W164": Expectation(
        fragments: ["mo =, msubsup(mo ∑, mrow(mi n, mo =, mn 0), mi ∞), msub(mi a, mi n), msup(mi x, mi n)"],
        counts: ["munderover": 0]),
    "W167": Expectation(fragments: ["msup(mrow(mo (, mfrac(mn 1, mn 2), mo )), mi n)"]),
    "W188": Expectation(fragments: ["mi α, mi β, mi γ, mi δ, mi ϵ, mi ζ, mi η, mi θ"]),
    "W53x": Expectation(fragments: ["mo ≈"]),
    "W55x": Expectation(fragments: ["mo ≤, mo ,, mo ≤"]),
    "W195": Expectation(fragments: ["mi 𝐀, mi 𝐁, mi 𝐂, mi 𝐃, mi 𝐄, mi 𝐅, mi 𝐆, mi 𝐇, mi 𝐈"]),
    "L2": Expectation(
        fragments: [
            "msup(mrow(mo (, munderover(mo ∑, mrow(mi k, mo =, mn 1), mi n), msub(mi a, mi k), msub(mi b, mi k), "
                + "mo )), mn 2), mo ≤",
            "msubsup(mi a, mi k, mn 2)", "msubsup(mi b, mi k, mn 2)",
        ],
        counts: ["munderover": 3]),
    "T1": Expectation(
        fragments: ["mtable(mtr(mtd(mfrac(msup(mi x, mn 2), mi y), mo +, msup(mi x, msup(mn 2, mi y)), mrow(mphantom("],
        tag: "(+hi)"),
]

/// Issue 5 part 4: the KaTeX/Temml cases as a test.
@Suite struct ConformanceTests {
    @Test func theFixtureHasFortyCasesAndEachHasAnExpectation() {
        #expect(ConformanceCase.all.count == 40)
        for c in ConformanceCase.all where !c.expected.hasPrefix("MUST ERROR") {
            #expect(expectations[c.id] != nil, "no expectation restated for \(c.id)")
        }
    }

    @Test(arguments: ConformanceCase.all)
    func conformance(_ c: ConformanceCase) throws {
        if c.expected.hasPrefix("MUST ERROR") {
            #expect(!problems(c.latex, display: c.display).isEmpty)
            return
        }
        let (_, math) = try render(c.latex, display: c.display)
        #expect((math.attributes["display"] == "block") == c.display)
        let s = math.children.map(\.structure).joined(separator: ", ")
        let expectation = try #require(expectations[c.id])
        for fragment in expectation.fragments {
            #expect(s.contains(fragment), "\(c.id): \(fragment) not in \(s)")
        }
        for (name, count) in expectation.counts {
            #expect(math.count(name) == count, "\(c.id): \(name)")
        }
        if let tag = expectation.tag {
            let row = try #require(math.all.first { $0.name == "mtr" })
            #expect(row.tags == [tag])
        }
    }
}
