// Fuzzes the stated-value parser (`StatedLiteral.parse`, Sources/Evaluator/Expectations.swift): the
// text after `// →`, as one line and as a value continued over comment lines, then the comparison
// with a few computed values of each shape. Parse errors are normal results.
import Diagnostics
import Evaluator
import FuzzSupport

private let computedValues: [Value] = [
    .int(3), .double(0.936), .double(.nan), .float(-1.5e-5), .bool(true), .string("a\"b"),
    .array([.double(0.1), .double(0.9)]),
    .array([.array([.int(1), .int(2)]), .array([.int(3), .int(4)])]),
    .some(.double(2)), .none,
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStatedValue(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = fuzzText(start, count)
    if let literal = try? StatedLiteral.parse(text) {
        for value in computedValues { _ = literal.mismatch(with: value) }
    }
    // Over several comment lines, as `StatedValue` joins them (one line: the same parse as above).
    if text.contains("\n") {
        let stated = StatedValue(text: text, location: SourceLocation(file: "fuzz.md", line: 7, column: 6), arrow: "→")
        _ = stated.tolerance
        if let literal = stated.literal {
            for value in computedValues { _ = literal.mismatch(with: value) }
        }
    }
    return 0
}
