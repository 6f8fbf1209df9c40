import Diagnostics
import TestSupport
import Testing

@testable import Evaluator

/// The compiler's errors, at their Markdown positions; never the generated program's lines.
@Suite struct CompileErrorTests {
    @Test func syntaxErrorsArePositionedInTheMarkdown() {
        let outcome = run("let z = [1.0, 2.0]\nlet s = softmax(z", line: 20, column: 5)
        #expect(messages(outcome).first == "21:22: expected ')' in expression list")
        #expect(outcome.diagnostics.allSatisfy { $0.location?.file == "page.md" })
        #expect(outcome.results.isEmpty)
    }

    @Test func everyErrorOfThePageIsReportedAtOnce() {
        var page = Page()
        let first = marked("let a = 1️⃣sofmax([1.0])", line: 5)
        let second = marked("let b: Int = 1️⃣\"one\"\nb", line: 12)
        _ = page.run(first.text, line: 5)
        let outcome = page.run(second.text, line: 12)
        #expect(messages(outcome).contains("\(first.position(1)): cannot find 'sofmax' in scope"))
        #expect(
            messages(outcome).contains(
                "\(second.position(1)): cannot convert value of type 'String' to specified type 'Int'"))
    }

    @Test func anExpressionTooHardToTypeCheckIsAnErrorAtItWithinSeconds() {
        let start = ContinuousClock.now
        let outcome = run("let x = " + Array(repeating: "1", count: 900).joined(separator: " + "))
        #expect(
            messages(outcome)
                == [
                    "10:9: the compiler is unable to type-check this expression in reasonable time; try breaking up "
                        + "the expression into distinct sub-expressions"
                ])
        #expect(start.duration(to: .now) < .seconds(100), "the compiler's own limit is ten minutes")
    }

    @Test func whatSwiftRejectsFailsEvenWhereTheInterpreterRanIt() {
        // Throwing calls need `try`; optionals must be unwrapped; a ternary needs one type.
        #expect(
            messages(run("checkDerivative(of: { softmax($0) }, at: [1.0, 2.0]) { _, _ in 0 }")).first
                == "10:1: call can throw but is not marked with 'try'")
        let optional = marked("[1, 2, 3].1️⃣max() + 1")
        #expect(
            messages(run(optional.text)).first
                == "\(optional.position(1)): value of optional type 'Int?' must be unwrapped to a value of type 'Int'")
        #expect(messages(run("let c = true\nc ? 1 : \"one\"")).first?.contains("mismatching types") == true)
        let unreached = marked("if false {\n    let x: Int = 1️⃣1.5\n}")
        #expect(
            messages(run(unreached.text)).first
                == "\(unreached.position(1)): cannot convert value of type 'Double' to specified type 'Int'")
    }

    @Test func labelsAndMembersAreTheCompilersWords() {
        let label = marked("softmax1️⃣([1, 2], tempreature: 2)")
        #expect(
            messages(run(label.text)).first
                == "\(label.position(1)): incorrect argument label in call (have '_:tempreature:', expected '_:temperature:')"
        )
        let member = marked("let z = [1.0]\nz.1️⃣sum")
        #expect(
            messages(run(member.text)).first
                == "\(member.position(1)): value of type '[Double]' has no member 'sum'")
    }

    @Test func columnsCountCharactersAndFollowTheOrigin() {
        // The block is indented by 4 (origin column 5); "é" and "→" are single characters.
        let outcome = run("let s = \"é→\"\nlet t = s + 1", line: 3, column: 5)
        #expect(
            messages(outcome).first
                == "4:15: binary operator '+' cannot be applied to operands of type 'String' and 'Int'")
        let error = run("\"é→\" + 1", line: 3, column: 5)
        #expect(
            messages(error).first
                == "3:10: binary operator '+' cannot be applied to operands of type 'String' and 'Int'")
    }

    @Test func warningsAreReportedWithoutFailing() {
        let outcome = run("func f() -> Int {\n    var unused = 1\n    return 2\n}\nf()")
        #expect(outcome.diagnostics.filter { $0.severity == .error }.isEmpty)
        #expect(outcome.diagnostics.contains { $0.severity == .warning && $0.location?.line == 11 })
        #expect(shown(outcome) == ["2"])
    }
}

/// Traps, thrown errors, time and size limits: an error at the statement that was running, with what
/// was computed before it kept.
@Suite struct RunTimeErrorTests {
    @Test func aTrapIsAnErrorAtItsStatementAndEarlierValuesStay() {
        let outcome = run("1 + 1\nlet z = [1.0]\nz[3]\n2 + 2")
        #expect(messages(outcome) == ["12:1: Fatal error: Index out of range"])
        #expect(shown(outcome) == ["2"])
    }

    @Test func aTrapInsideAFunctionOfAnEarlierBlockIsAtTheRunningStatement() {
        var page = Page()
        _ = page.run("func pick(_ z: [Double], _ i: Int) -> Double {\n    z[i]\n}", line: 5)
        let outcome = page.run("let a = 1\npick([1.0], 3)", line: 40)
        #expect(messages(outcome) == ["41:1: Fatal error: Index out of range"])
    }

    @Test func fatalErrorAndPreconditionNameTheirOwnLine() {
        #expect(messages(run("func f() {\n    fatalError(\"boom\")\n}\nf()")) == ["11:5: Fatal error: boom"])
        #expect(
            messages(run("let n = -1\n  precondition(n >= 0, \"negative\")"))
                == ["11:3: Precondition failed: negative"])
    }

    @Test func anUncaughtErrorIsReported() {
        let outcome = run("try softmax([1.0], temperature: -1)")
        #expect(messages(outcome).count == 1)
        #expect(messages(outcome).first?.hasPrefix("10:1: Fatal error: Error raised at top level") == true)
        #expect(messages(outcome).first?.contains("temperature") == true)
    }

    @Test func aRunawayLoopIsStoppedAtItsTimeLimit() {
        let limits = RunLimits(seconds: 1)
        let outcome = run("1 + 1\nvar i = 0\nwhile true {\n    i &+= 1\n}\n2 + 2", limits: limits)
        #expect(
            messages(outcome)
                == [
                    "12:1: \(Diagnostic.Message.ranOutOfTime(1))"
                ])
        #expect(shown(outcome) == ["2"])
    }

    @Test func deepRecursionIsAnErrorNotACrashOfTheGenerator() {
        let outcome = run("func down(_ n: Int) -> Int { n == Int.max ? n : down(n + 1) + 1 }\ndown(0)")
        #expect(messages(outcome).count == 1)
        #expect(messages(outcome).first?.hasPrefix("11:1: the page's code was stopped here by") == true)
    }

    @Test func valuesTooLargeToShowAreRefused() {
        let outcome = run("Array(repeating: 0.0, count: 2_000_000)\n1 + 1")
        #expect(
            messages(outcome)
                == [
                    "10:1: \(Diagnostic.Message.tooManyNumbers(2_000_000, type: "Array<Double>"))"
                ])
        #expect(shown(outcome) == ["2"])
    }

    @Test func textTooLargeToShowIsRefused() {
        let outcome = run("var s = \"x\"\nfor _ in 0..<21 { s += s }\ns\ns.count")
        #expect(
            messages(outcome)
                == [
                    "12:1: \(Diagnostic.Message.tooMuchText(2_097_152, type: "String"))"
                ])
        #expect(shown(outcome) == ["2097152"])
    }

    @Test func aFloodOfPrintedOutputIsStoppedAtTheOutputLimit() {
        let limits = RunLimits(seconds: 20, outputBytes: 1 << 20)
        let outcome = run("1 + 1\nwhile true { print(\"flood\") }", limits: limits)
        #expect(
            messages(outcome)
                == [
                    "11:1: \(Diagnostic.Message.wroteTooMuch(mebibytes: 1))"
                ])
    }

    @Test func exitIsReported() {
        let outcome = run("import Foundation\n1 + 1\nexit(0)")
        let errors = outcome.diagnostics.filter { $0.severity == .error }.map(\.description)
        #expect(errors == ["page.md:12:1: error: \(Diagnostic.Message.calledExit)"])
    }
}

/// What a block prints is shown under it, apart from its values.
@Suite struct PrintedOutputTests {
    @Test func printOutputGoesToItsBlock() {
        var page = Page()
        _ = page.run("print(\"first\")\nlet x = 2", line: 5)
        let second = page.run("print(\"second\", x)\nx * 3", line: 20)
        #expect(second.printed == "second 2\n")
        #expect(shown(second) == ["6"])
        #expect(messages(second) == [])
        let outcome = evaluate([
            CodePiece(kind: .block, code: "print(\"a\")", origin: SourceLocation(file: "page.md", line: 1, column: 1)),
            CodePiece(
                kind: .block, code: "print(\"b\")\nprint(\"c\")",
                origin: SourceLocation(file: "page.md", line: 5, column: 1)),
        ])
        #expect(outcome.blocks[0]?.printed == "a\n")
        #expect(outcome.blocks[1]?.printed == "b\nc\n")
    }

    @Test func outputBeforeACrashIsKept() {
        let outcome = run("print(\"before\")\nlet z: [Int] = []\nz[0]")
        #expect(outcome.printed == "before\n")
        #expect(messages(outcome) == ["12:1: Fatal error: Index out of range"])
    }
}

@Suite struct DerivativeCheckTests {
    @Test func derivativeCheckFailureIsAnErrorAtTheCall() {
        let outcome = run(
            """
            let z = [1.0, 2.0, 3.0]
            try checkDerivative(of: { softmax($0) }, at: z) { i, j in i == j ? 0.5 : -0.1 }
            """)
        #expect(outcome.counters.derivativeChecks == 1)
        #expect(outcome.results.count == 1)
        guard case .derivativeCheck(let check)? = outcome.results.first?.value else {
            Issue.record("no check")
            return
        }
        #expect(!check.passed)
        let expected =
            "11:1: derivative check failed at z = [1.0, 2.0, 3.0]: ∂f_\(check.worstOutput)/∂z_\(check.worstInput) "
            + "stated \(NumberFormat.format(check.stated)), numerical \(NumberFormat.format(check.numerical)) "
            + "(max error \(NumberFormat.format(check.maxError, significantDigits: 2)), "
            + "tolerance \(NumberFormat.format(check.tolerance, significantDigits: 2)))"
        #expect(messages(outcome) == [expected])
        #expect(check.stated == 0.5 || check.stated == -0.1)
    }

    @Test func aFailingCheckStatedAsFalseIsExpected() {
        let outcome = run(
            """
            try checkDerivative(of: { softmax($0) }, at: [1, 2]) { i, j in 0 }
            // → false
            """)
        #expect(messages(outcome) == [])
        #expect(outcome.counters.statedValuesChecked == 1)
    }

    @Test func aPassingCheck() {
        let outcome = run(
            """
            let y = softmax([1.0, 2.0])
            try checkDerivative(of: { softmax($0) }, at: [1.0, 2.0]) { i, j in i == j ? y[i] * (1 - y[i]) : -y[i] * y[j] }
            """)
        #expect(messages(outcome) == [])
        #expect(outcome.counters.derivativeChecks == 1)
    }
}

/// Code nested deeper than swift-syntax parses in reasonable time is refused at the bracket, and only
/// brackets that are code count.
@Suite struct BracketDepthTests {
    @Test func deepNestingIsRefusedAtTheBracketThatGoesTooDeep() {
        let code = "let ok = 1\nlet x = " + String(repeating: "[", count: 30) + "1" + String(repeating: "]", count: 30)
        let start = ContinuousClock.now
        let outcome = run(code)
        #expect(start.duration(to: .now) < .seconds(20))
        #expect(messages(outcome) == ["11:21: \(Diagnostic.Message.bracketsNestTooDeep)"])
    }

    @Test func bracketsInStringsAndCommentsDoNotCount() {
        let deep = String(repeating: "[", count: 20)
        #expect(BracketDepth.firstTooDeep(in: "let s = \"\(deep)\"") == nil)
        #expect(BracketDepth.firstTooDeep(in: "let s = \"\"\"\n\(deep)\n\"\"\"") == nil)
        #expect(BracketDepth.firstTooDeep(in: "let s = #\"\\(\"\(deep)\"#") == nil)
        #expect(BracketDepth.firstTooDeep(in: "// \(deep)\n1") == nil)
        #expect(BracketDepth.firstTooDeep(in: "/* /* \(deep) */ still a comment */ 1") == nil)
    }

    @Test func bracketsInInterpolationsAndAfterRawStringsCount() {
        let deep = String(repeating: "[", count: 13)
        #expect(BracketDepth.firstTooDeep(in: "\"\\(\(deep)1)\"") == 15)
        #expect(BracketDepth.firstTooDeep(in: "#\"a\"b\"# + \(deep)") != nil)
        #expect(BracketDepth.firstTooDeep(in: "#\"\\#(\(deep)1)\"#") != nil)
        #expect(BracketDepth.firstTooDeep(in: String(repeating: "[", count: 12)) == nil)
    }
}
