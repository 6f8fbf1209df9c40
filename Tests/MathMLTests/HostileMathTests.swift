import Diagnostics
import Testing

@testable import MathML

/// Equations built to exhaust the converter's stack or time: each gives a positioned error (or MathML)
/// and returns. `here` is page.md:10:5, so byte offset k on the first line is column 5 + k. Timings at
/// growing sizes are in `Benchmarks/inputs/bench.py`, not asserted here.
@Suite struct HostileMathTests {
    func messages(_ tex: String, display: Bool = true) -> [String] {
        problems(tex, display: display).map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0): \($0.message)" }
    }

    @Test func bracesNestedAHundredThousandDeep() {
        let tex = String(repeating: "{", count: 100_000) + "x" + String(repeating: "}", count: 100_000)
        let found = messages(tex)
        #expect(found.count == 1)
        #expect(found.first?.hasSuffix(": \(Diagnostic.Message.nestedTooDeeply(levels: 100))") == true)
    }

    @Test func fractionsRootsAndFencesNestedDeep() {
        for (open, close) in [("\\frac{", "}{y}"), ("\\sqrt{", "}"), ("\\left(", "\\right)"), ("x^{", "}")] {
            let tex = String(repeating: open, count: 20_000) + "x" + String(repeating: close, count: 20_000)
            let found = messages(tex)
            #expect(found.count == 1, "\(open)")
            #expect(found.first?.hasSuffix(": \(Diagnostic.Message.nestedTooDeeply(levels: 100))") == true, "\(open)")
        }
        // Within the limit, deep nesting converts.
        let fine = String(repeating: "\\frac{", count: 20) + "x" + String(repeating: "}{y}", count: 20)
        #expect(messages(fine).isEmpty)
    }

    /// An equation of 20,000 errors reports the first 20, then one that says the rest are not reported.
    @Test func manyErrorsInOneEquationAreCapped() {
        let found = messages(String(repeating: "a&", count: 20_000))
        #expect(found.count == 21)
        #expect(found.first == "10:6: \(Diagnostic.Message.ampersandOutsideTable)")
        #expect(found.last == "10:46: \(Diagnostic.Message.lastReported(.ampersandOutsideTable))")
        let dollars = messages(String(repeating: "$", count: 50_000))
        #expect(dollars.count == 21)
    }

    /// Errors on later lines of a long equation keep their lines and columns.
    @Test func positionsOfErrorsAcrossManyLines() {
        let tex = Array(repeating: "a & b", count: 10).joined(separator: "\n")
        let found = messages(tex)
        #expect(found.count == 10)
        #expect(found.last?.hasPrefix("19:3: ") == true)
    }

    /// A name far longer than any command or label gets no suggestion (its edit distances would cost).
    @Test func longUnknownNamesGetNoSuggestion() {
        let name = String(repeating: "alpha", count: 20_000)
        let found = messages("\\" + name)
        #expect(found == ["10:5: \(Diagnostic.Message.unsupportedCommand(name))"])
    }
}
