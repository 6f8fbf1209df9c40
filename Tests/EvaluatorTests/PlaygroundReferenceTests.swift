import Foundation
import Testing

/// The corpus under `Corpus/` checked against the compiler itself, through ``PlaygroundReference``:
/// every valid page compiles and shows a value for each block; every rejected page fails with the
/// error its `<!-- expect-error: LINE: MESSAGE -->` comment states.
@Suite struct PlaygroundReferenceTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

    /// The Markdown files of `Corpus/<kind>`, by name.
    static func pages(_ kind: String) -> [String] {
        let folder = corpus.appendingPathComponent(kind).path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".md") }.sorted()
    }

    static func path(_ kind: String, _ name: String) -> String {
        corpus.appendingPathComponent(kind).appendingPathComponent(name).path
    }

    @Test func corpusIsLargeEnough() throws {
        let valid = Self.pages("valid")
        var blocks = 0
        for name in valid {
            let text = try String(contentsOfFile: Self.path("valid", name), encoding: .utf8)
            blocks += PlaygroundReference.swiftBlocks(in: text).count
        }
        #expect(blocks >= 110, "\(blocks) valid blocks")
        #expect(Self.pages("rejected").count >= 30)
    }

    @Test(arguments: pages("valid"))
    func validPage(_ name: String) throws {
        let path = Self.path("valid", name)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let blocks = PlaygroundReference.swiftBlocks(in: text)
        #expect(!blocks.isEmpty)
        let (values, diagnostics) = try PlaygroundReference.run(markdownFile: path)
        let errors = diagnostics.filter { $0.severity == "error" }
        #expect(errors.isEmpty, "\(name): \(errors)")
        for block in blocks {
            let lines = block.firstLine..<(block.firstLine + block.lines.count)
            let shown = values.filter { $0.isExpression && lines.contains($0.line) }
            #expect(!shown.isEmpty, "\(name): the block at line \(block.firstLine) shows no top-level expression")
        }
    }

    @Test(arguments: pages("rejected"))
    func rejectedPage(_ name: String) throws {
        let path = Self.path("rejected", name)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(PlaygroundReference.swiftBlocks(in: text).count == 1, "\(name) must hold exactly one {swift} block")
        let expectation = try #require(Self.expectedError(in: text), "\(name) has no expect-error comment")
        let (_, diagnostics) = try PlaygroundReference.run(markdownFile: path)
        let first = try #require(diagnostics.first { $0.severity == "error" }, "\(name) compiled")
        #expect(first.line == expectation.line, "\(name): \(first)")
        #expect(first.message.contains(expectation.message), "\(name): \(first)")
    }

    /// `<!-- expect-error: LINE: MESSAGE-SUBSTRING -->`.
    static func expectedError(in text: String) -> (line: Int, message: String)? {
        guard let start = text.range(of: "<!-- expect-error:"),
            let end = text[start.upperBound...].range(of: "-->")
        else { return nil }
        let body = text[start.upperBound..<end.lowerBound].trimmingCharacters(in: .whitespaces)
        guard let colon = body.firstIndex(of: ":"), let line = Int(body[..<colon]) else { return nil }
        return (line, body[body.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }

    /// What the oracle keeps: top-level expressions (name "") and bindings (their name), not values
    /// logged in function bodies, closures, loops, branches or switch cases; positions are Markdown
    /// positions of the start of each expression (of the name, for a binding).
    @Test func keepsOnlyTopLevelValues() throws {
        let page = """
            # Probe

            ```{swift}
            let z = [1.0, 2.0]
            func twice(_ x: Int) -> Int { let y = x * 2; return y }
            twice(3)
            for i in 0..<2 { i * 10 }
            ```

            Prose.

            ```{swift}
            [1, 2].map { $0 + 1 }
            switch z.count { case 2: "two"; default: "other" }
            enum Failure: Error { case bad }
            func fail() throws -> Int { throw Failure.bad }
            try? fail()
            if true { 42 }
            "done"
            ```
            """
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("probe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("probe.md").path
        try Data(page.utf8).write(to: URL(fileURLWithPath: path))
        let (values, diagnostics) = try PlaygroundReference.run(markdownFile: path)
        #expect(diagnostics.filter { $0.severity == "error" }.isEmpty, "\(diagnostics)")
        #expect(
            values == [
                ReferenceValue(line: 4, column: 5, name: "z", type: "Array<Double>", description: "[1.0, 2.0]"),
                ReferenceValue(line: 6, column: 1, name: "", type: "Int", description: "6"),
                ReferenceValue(line: 13, column: 1, name: "", type: "Array<Int>", description: "[2, 3]"),
                ReferenceValue(line: 17, column: 1, name: "", type: "Optional<Int>", description: "nil"),
                ReferenceValue(line: 19, column: 1, name: "", type: "String", description: "done"),
            ], "\(values.map(\.summary))")
    }
}
