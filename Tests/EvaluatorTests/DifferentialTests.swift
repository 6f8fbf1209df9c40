import Diagnostics
import Evaluator
import Foundation
import Testing

/// The corpus pages run by literate show exactly what the same code shows compiled as an ordinary Swift
/// program: each value, at the same position, with the same static type and the same `print` text. The
/// reference is the compiler's playground transform (``PlaygroundReference``), which decides on its own
/// what a top-level expression is; blocks Swift rejects fail here with the compiler's message at the
/// same Markdown line.
@Suite struct DifferentialTests {
    static func pieces(of path: String) throws -> [CodePiece] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return PlaygroundReference.swiftBlocks(in: text).map { block in
            CodePiece(
                kind: .block, code: block.lines.joined(separator: "\n"),
                origin: SourceLocation(file: path, line: block.firstLine, column: 1))
        }
    }

    @Test(arguments: PlaygroundReferenceTests.pages("valid"))
    func pageShowsWhatSwiftComputes(_ name: String) throws {
        let path = PlaygroundReferenceTests.path("valid", name)
        let outcome = evaluate(try Self.pieces(of: path), file: path)
        let errors = outcome.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(name): \(errors)")
        let (reference, referenceDiagnostics) = try PlaygroundReference.run(markdownFile: path)
        #expect(referenceDiagnostics.filter { $0.severity == "error" }.isEmpty)
        var expected: [String: ReferenceValue] = [:]
        for value in reference where value.isExpression { expected["\(value.line):\(value.column)"] = value }

        let shown = outcome.blocks.values.flatMap(\.results)
        #expect(!shown.isEmpty)
        var seen: Set<String> = []
        for result in shown {
            let position = "\(result.location.line):\(result.location.column)"
            seen.insert(position)
            guard let swift = expected[position] else {
                Issue.record(
                    "\(name):\(position): literate shows \(result.source) = \(result.value.swiftDescription), Swift logs nothing there"
                )
                continue
            }
            #expect(result.type == swift.type, "\(name):\(position): \(result.source)")
            switch result.value {
            case .chart, .derivativeCheck: continue  // drawn or judged by literate, not printed
            default:
                #expect(result.value.swiftDescription == swift.description, "\(name):\(position): \(result.source)")
            }
        }
        // What Swift logs and literate does not show: values of type () and assignments only.
        for (position, swift) in expected where !seen.contains(position) {
            let isVoid = swift.type == "()"
            let line = try Self.line(swift.line, of: path).dropFirst(swift.column - 1)
            let isAssignment = line.range(of: #"^[\w\.\[\]]+\s*[-+*/%&|^]?=[^=]"#, options: .regularExpression) != nil
            #expect(isVoid || isAssignment, "\(name):\(position): Swift logs \(swift.summary), literate shows nothing")
        }
    }

    @Test(arguments: PlaygroundReferenceTests.pages("rejected"))
    func rejectedPageFailsAtTheCompilersLine(_ name: String) throws {
        let path = PlaygroundReferenceTests.path("rejected", name)
        let outcome = evaluate(try Self.pieces(of: path), file: path)
        let (_, reference) = try PlaygroundReference.run(markdownFile: path)
        let swiftError = try #require(reference.first { $0.severity == "error" })
        let ours = try #require(outcome.diagnostics.first { $0.severity == .error }, "\(name) compiled")
        let (line, message) = (swiftError.line, swiftError.message)
        #expect(ours.location?.file == path)
        #expect(ours.location?.line == line, "\(name): \(ours) against \(swiftError)")
        #expect(ours.message == message, "\(name): \(ours) against \(swiftError)")
        let shown = outcome.blocks.values.flatMap(\.results)
        #expect(shown.isEmpty)
    }

    static func line(_ number: Int, of path: String) throws -> Substring {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return number >= 1 && number <= lines.count ? lines[number - 1] : ""
    }
}
