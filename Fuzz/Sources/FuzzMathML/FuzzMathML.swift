// Fuzzes the LaTeX → MathML converter (Sources/MathML) as PageRenderer drives it: labels first
// (`equationLabels`), a context that collects them and answers `\swift{…}` with a number, a vector or
// a matrix, then `convert`, inline and display. Diagnostics thrown are normal results. Checks the
// documented promise that returned MathML is well-formed XML.
import Diagnostics
import FuzzSupport
import MathML

private func computed(_ expression: String, _ location: SourceLocation) throws(DiagnosticList) -> MathValue {
    switch expression.utf8.count % 4 {
    case 0: return .number("-0.25")
    case 1: return .vector(["1", "-2", "3<&>"])
    case 2: return .matrix([["1", "2"], ["-3", "4"]])
    default: throw DiagnosticList([.error(at: location, "cannot evaluate '\(expression)'")])
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMathML(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let tex = fuzzText(start, count)
    let converter = MathMLConverter()
    let location = SourceLocation(file: "fuzz.md", line: 3, column: 5)
    var labels: [EquationLabel] = []
    do { labels = try converter.equationLabels(in: tex, display: true, at: location) } catch {}
    let context = (try? MathContext(collecting: labels, computed: computed)) ?? MathContext(computed: computed)
    for display in [false, true] {
        do {
            let rendered = try converter.convert(tex, display: display, at: location, context: context)
            if let problem = xmlProblem(rendered.mathml) {
                fuzzFailure("MathML is not well-formed (\(problem)): \(rendered.mathml)")
            }
        } catch {
            for diagnostic in error.diagnostics where diagnostic.location == nil {
                fuzzFailure("unpositioned diagnostic: \(diagnostic)")
            }
        }
    }
    return 0
}
