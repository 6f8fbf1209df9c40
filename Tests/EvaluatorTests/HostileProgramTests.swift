import Diagnostics
import Testing

@testable import Evaluator

/// Large page programs: building one, and mapping compiler positions back to the page, take time linear
/// in their size. Nothing here compiles a page.
@Suite struct HostileProgramTests {
    /// 5,000 expressions, each with its stated value: every value is matched to its expression (the
    /// search for the expression before a comment is a binary search).
    @Test func thousandsOfStatedValuesInOneBlock() {
        let code = (0..<5_000).map { "\($0) // → \($0)\n" }.joined()
        let program = PageProgram(file: "page.md", pieces: [block(code)])
        #expect(program.diagnostics.flatMap { $0 }.isEmpty)
        #expect(program.expressions.count == 5_000)
        #expect(program.expressions.allSatisfy { $0.stated != nil })
        #expect(program.expressions.last?.stated?.text == "4999")
    }

    /// Every line of `main.swift` maps back to the page as splitting the source would say.
    @Test func compilerPositionsMapBackOnEveryLine() {
        let code = (0..<2_000).map { "let v\($0) = \($0)\nv\($0)\n" }.joined()
        let program = PageProgram(file: "page.md", pieces: [block(code)])
        let lines = program.source.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == program.lines.count + 1)
        for number in 1...program.lines.count {
            let firstCode = lines[number - 1].utf8.prefix { $0 == UInt8(ascii: " ") }.count + 1
            #expect(program.firstCodeColumn(line: number) == firstCode)
            if case .code(let markdownLine) = program.lines[number - 1] {
                #expect(program.location(line: number, utf8Column: 2)?.line == markdownLine)
            }
        }
        // The end of the file is the end of its last line.
        let end = program.location(line: program.lines.count + 1, utf8Column: 1)
        #expect(end == program.location(line: program.lines.count, utf8Column: lines[lines.count - 2].utf8.count + 1))
    }
}

/// A block piece whose body starts at page.md:10:1.
private func block(_ code: String) -> CodePiece {
    CodePiece(kind: .block, code: code, origin: SourceLocation(file: "page.md", line: 10, column: 1))
}
