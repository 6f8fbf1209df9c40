import Diagnostics
import Testing

@testable import Evaluator

/// Stated values built to crash the evaluator's parser: each gives a positioned error. Timings at
/// growing sizes are in `Benchmarks/inputs/bench.py`, not asserted here. Nothing here compiles a page.
@Suite struct HostileStatedValueTests {
    /// `// → [[[…]]]` 5,000 deep crashed the recursive parser; now an error at the 65th bracket.
    @Test func deeplyNestedStatedValuesAreAnError() throws {
        for depth in [65, 5_000, 100_000] {
            let text = String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
            #expect(
                throws: StatedLiteral.ParseError(offset: 64, message: .statedVectorsNestTooDeep)
            ) {
                try StatedLiteral.parse(text)
            }
        }
        let deepest = String(repeating: "[", count: 64) + "1" + String(repeating: "]", count: 64)
        var literal = try StatedLiteral.parse(deepest)
        var depth = 0
        while case .array(let elements) = literal, let first = elements.first {
            literal = first
            depth += 1
        }
        #expect(depth == 64)
    }

    /// The value's position in the file: a block's stated value reports the bracket that goes too deep.
    @Test func theErrorPointsAtTheBracket() {
        let code = "1\n// → " + String(repeating: "[", count: 5_000) + "1" + String(repeating: "]", count: 5_000) + "\n"
        let program = PageProgram(file: "page.md", pieces: [block(code)])
        #expect(messages(program) == ["11:70: \(Diagnostic.Message.statedVectorsNestTooDeep)"])
    }

    /// A stated value whose brackets stay open takes the comment lines after it; each of those used to
    /// be read again as a value of its own, which took time quadratic in their number.
    @Test func linesContinuingAnOpenValueAreNotValuesOfTheirOwn() {
        let code = "1\n" + String(repeating: "// → [\n", count: 20_000) + "2\n// → 3\n"
        let found = messages(PageProgram(file: "page.md", pieces: [block(code)]))
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("11:") == true)
        // A matrix laid out over lines is one value.
        let matrix = "[[1, 2], [3, 4]]\n// → [[1, 2],\n//    [3, 4]]\n"
        #expect(messages(PageProgram(file: "page.md", pieces: [block(matrix)])).isEmpty)
    }

    @Test func longUnreadableValuesAreQuotedShort() {
        #expect(throws: StatedLiteral.ParseError.self) {
            try StatedLiteral.parse("1 " + String(repeating: "x", count: 100_000))
        }
        do {
            _ = try StatedLiteral.parse(String(repeating: "y", count: 100_000))
            Issue.record("an unreadable value was read")
        } catch {
            #expect(error.message == .unreadableStatedValue(String(repeating: "y", count: 40) + "…"))
        }
    }
}

/// A block piece whose body starts at page.md:10:1.
private func block(_ code: String) -> CodePiece {
    CodePiece(kind: .block, code: code, origin: SourceLocation(file: "page.md", line: 10, column: 1))
}

/// The problems found before compiling, as `line:column: message`.
private func messages(_ program: PageProgram) -> [String] {
    program.diagnostics.flatMap { $0 }.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0): \($0.message)" }
}
