import Diagnostics
import Testing

@testable import Evaluator

/// The guard in front of swift-syntax (see ``BracketDepth``): code whose parse would take exponential or
/// quadratic time is refused at a position, code that only looks deep (in strings, comments and regular
/// expressions) is not, and nothing can hide brackets from it.
@Suite struct HostileCodeTests {
    func refused(_ code: String) -> Bool { BracketDepth.problem(in: code) != nil }

    @Test func bracketsThatAreNotCodeAreNotCounted() {
        let deep = String(repeating: "[", count: 10_000)
        #expect(!refused("let s = \"\"\"\n\(deep)\n\"\"\"\ns.count"))
        #expect(!refused("/* \(deep) /* nested */ \(deep) */ 1"))
        #expect(!refused("// \(deep)\n1"))
        #expect(!refused("let s = \"\(deep)\""))
        #expect(!refused("let s = #\"\\(\(deep)\"#"))
        #expect(!refused("let r = /\(String(repeating: "[a]", count: 1_000))/"))
        #expect(!refused("let r = #/\(deep)/#"))
        // Parentheses, braces and calls nested deep cost swift-syntax nothing (it stops them itself).
        #expect(
            !refused(
                "let x = \"\\(" + String(repeating: "(", count: 5_000) + "1" + String(repeating: ")", count: 5_000)
                    + ")\""))
        #expect(!refused(String(repeating: "f(", count: 5_000) + String(repeating: ")", count: 5_000)))
        #expect(!refused(String(repeating: "{", count: 5_000) + String(repeating: "}", count: 5_000)))
    }

    /// What the lexer reads as code is counted, whatever a quote or a slash nearby seems to open.
    @Test func nothingHidesBracketsFromTheGuard() {
        let deep = String(repeating: "[", count: 20) + "1" + String(repeating: "]", count: 20)
        #expect(refused("\"\\(\(deep))\""))
        #expect(refused("#\"a\"b\"# + \(deep)"))
        #expect(refused("let r = /\"/; let y = \(deep); let r2 = /\"/"))
        #expect(refused("let c = '\"'; let y = \(deep); let d = '\"'"))
        #expect(refused("let q = a / \"x/\"; let y = \(deep)"))
    }

    /// Shapes that stay within 12 square brackets but make the look-ahead explode.
    @Test func lookAheadBombsAreRefused() {
        let chain =
            String(repeating: "[", count: 6) + String(repeating: "a.", count: 2_000) + "a"
            + String(repeating: "]", count: 6)
        guard case .tooComplex = BracketDepth.problem(in: chain) else {
            Issue.record("a long chain in six brackets is not refused as too complex")
            return
        }
        #expect(
            refused(
                String(repeating: "[", count: 12) + String(repeating: "(", count: 150) + "1"
                    + String(repeating: ")", count: 150) + String(repeating: "]", count: 12)))
        #expect(refused(String(repeating: "a<", count: 3_000) + "a" + String(repeating: ">", count: 3_000) + "()"))
        // A thousand lines, each 12 deep: each is fine alone, together they would take minutes.
        let line = "let x = " + String(repeating: "[", count: 12) + "1" + String(repeating: "]", count: 12) + "\n"
        #expect(!refused(line))
        #expect(refused(String(repeating: line, count: 1_000)))
    }

    /// What authors write stays far from the limits.
    @Test func ordinaryCodeIsAccepted() {
        let names = (0..<2_000).map { "[a\($0), b\($0)]" }.joined(separator: ", ")
        #expect(!refused("let m = [\(names)]"))
        let numbers = (0..<2_000).map { "[[\($0).5, 1], [2, 3]]" }.joined(separator: ", ")
        #expect(!refused("let t: [[[Double]]] = [\(numbers)]"))
        #expect(!refused("let d: [String: [Int]] = [\"a\": [1, 2], \"b\": []]\nlet f: (Int) -> [Double] = { _ in [] }"))
        #expect(!refused("let v = [3 of Int](repeating: 0)\nlet w: Dictionary<String, Array<Set<Int>>> = [:]"))
        #expect(!refused(String(repeating: "[", count: 12) + "1" + String(repeating: "]", count: 12)))
    }

    /// The page program reports the refusal at the bracket, with a message for each kind.
    @Test func refusalsArePositioned() {
        let deep = block(
            "let ok = 1\nlet x = " + String(repeating: "[", count: 30) + "1" + String(repeating: "]", count: 30))
        #expect(
            messages(PageProgram(file: "page.md", pieces: [deep])) == [
                "11:21: \(Diagnostic.Message.bracketsNestTooDeep)"
            ])
        let chain = block(
            String(repeating: "[", count: 6) + String(repeating: "a.", count: 2_000) + "a"
                + String(repeating: "]", count: 6))
        let found = messages(PageProgram(file: "page.md", pieces: [chain]))
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("10:") == true)
        #expect(
            found.first?.hasSuffix(": \(Diagnostic.Message.codeTooComplexToParse)") == true)
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
