import Diagnostics
import Evaluator
import Testing

/// Every problem is a diagnostic at its Markdown position, never a crash.
@Suite struct DiagnosticTests {
    @Test func syntaxErrorsArePositionedInTheMarkdown() {
        let outcome = run("let z = [1.0, 2.0]\nlet s = softmax(z", line: 20, column: 5)
        #expect(messages(outcome) == ["21:22: expected ')'"])
        #expect(outcome.diagnostics[0].location?.file == "page.md")
        #expect(outcome.results.isEmpty)
    }

    @Test func syntaxErrorMissingExpressionAndUnexpectedCode() {
        #expect(messages(run("let x = ")) == ["10:8: expected expression"])
        #expect(messages(run("let x = 1 2")) == ["10:10: consecutive statements on a line must be separated by ';'"])
        #expect(messages(run("let x = (1 + )")) == ["10:13: expected expression"])
    }

    @Test func aBlockWithASyntaxErrorDoesNotRunAndItsNamesFailQuietly() {
        var page = Page()
        let first = page.run("let z = [1.0,\nlet y = 2")
        #expect(!first.diagnostics.isEmpty)
        let second = page.run("softmax(z)", line: 30)
        #expect(messages(second) == [])
        #expect(second.results.isEmpty)
    }

    @Test func unknownNamesSuggestTheClosest() {
        #expect(messages(run("sofmax([1.0])")) == ["10:1: cannot find 'sofmax' in scope; did you mean 'softmax'?"])
        #expect(
            messages(run("let logits = [1.0]\nsoftmax(logit)")) == [
                "11:9: cannot find 'logit' in scope; did you mean 'logits'?"
            ])
        #expect(messages(run("frobnicate(1)")) == ["10:1: cannot find 'frobnicate' in scope"])
        #expect(
            messages(run("let z = [1.0]\nz.sum")) == ["11:3: value of type '[Double]' has no member 'sum'"])
        #expect(
            messages(run("let z = [1.0]\nz.cont")) == [
                "11:3: value of type '[Double]' has no member 'cont'; did you mean 'count'?"
            ])
    }

    @Test func wrongLabels() {
        #expect(
            messages(run("softmax([1, 2], tempreature: 2)"))
                == ["10:17: incorrect argument label in call (have '_:tempreature:', expected '_:temperature:')"])
        #expect(
            messages(run("crossEntropy(logit: [1, 2], target: 0)"))
                == ["10:14: incorrect argument label in call (have 'logit:target:', expected 'logits:target:')"])
        #expect(
            messages(run("func f(x: Double) -> Double { x }\nf(2)"))
                == ["11:3: missing argument label 'x:' in call"])
        #expect(
            messages(run("func f(_ x: Double) -> Double { x }\nf(x: 2)"))
                == ["11:3: extraneous argument label 'x:' in call"])
        #expect(
            messages(run("func f(x: Double, y: Double) -> Double { x }\nf(x: 2)"))
                == ["11:1: missing argument for parameter 'y' in call (expected 'x:y:')"])
        #expect(
            messages(run("func f(x: Double) -> Double { x }\nf(x: 2, 3)"))
                == ["11:9: extra argument in call (expected 'x:')"])
        #expect(
            messages(run("jacobian(softmax, at: [1, 2])"))
                == ["10:10: missing argument label 'of:' in call"])
        #expect(
            messages(run("jacobian(on: softmax, at: [1, 2])"))
                == ["10:10: incorrect argument label in call (have 'on:at:', expected 'of:at:')"])
    }

    @Test func typeMismatches() {
        #expect(
            messages(run("softmax(1.0)"))
                == ["10:9: cannot convert value of type 'Double' to expected argument type '[Double]'"])
        #expect(
            messages(run("let n = 2\nexp(n)"))
                == [
                    "11:5: cannot convert value of type 'Int' to expected argument type 'Double'; convert with Double(…)"
                ])
        #expect(
            messages(run("func f(_ x: Double) -> Double { x }\nlet k = 1\nf(k)"))
                == ["12:3: cannot convert value of type 'Int' to expected argument type 'Double'"])
        #expect(
            messages(run("func f() -> Double { let n = 1\n return n }\nf()"))
                == ["11:9: cannot convert return expression of type 'Int' to return type 'Double'"])
        #expect(
            messages(run("var x = 1.0\nx = true"))
                == ["11:5: cannot assign value of type 'Bool' to type 'Double'"])
        #expect(messages(run("if 1 { }")) == ["10:4: type 'Int' cannot be used as a boolean; test for '!= 0' instead"])
        #expect(messages(run("let x = 1\nx = 2")) == ["11:1: cannot assign to value: 'x' is a 'let' constant"])
        #expect(messages(run("let x = 1\nlet x = 2")) == ["11:5: invalid redeclaration of 'x'"])
    }

    @Test func runtimeErrors() {
        #expect(
            messages(run("let z = [1.0, 2.0]\nz[2]"))
                == ["11:3: index 2 is out of range for an array of 2 elements (valid: 0..<2)"])
        #expect(
            messages(run("var z = [1.0]\nz[-1] = 0"))
                == ["11:3: index -1 is out of range for an array of 1 element (valid: 0..<1)"])
        #expect(messages(run("let d = 0\n10 / d")) == ["11:4: division by zero: 10 / 0"])
        #expect(messages(run("7 % 0")) == ["10:3: division by zero: 7 % 0"])
        #expect(
            messages(run("Int.max + 1")) == ["10:9: arithmetic overflow: 9223372036854775807 + 1 does not fit in Int"])
        #expect(
            messages(run("let big = 4_000_000_000\nbig * big"))
                == ["11:5: arithmetic overflow: 4000000000 * 4000000000 does not fit in Int"])
        #expect(messages(run("1.0 / 0")).isEmpty)  // Double division follows IEEE 754: inf
        #expect(
            messages(run("let e: [Double] = []\ne.max()!"))
                == ["11:8: unexpectedly found nil while unwrapping an Optional value (the array is empty)"])
    }

    @Test func softmaxErrorsArePositionedAtTheCall() {
        #expect(
            messages(run("let t = -1.0\nlet p = softmax([1, 2], temperature: t)"))
                == ["11:9: softmax(_:temperature:): temperature must be positive, got -1.0"])
        #expect(
            messages(run("crossEntropy(logits: [1, 2], target: 5)"))
                == ["10:1: crossEntropy(logits:target:): target 5 is out of range for 2 classes (0..<2)"])
        #expect(
            messages(run("softmaxVJP([1, 2], upstream: [1])"))
                == ["10:1: softmaxVJP(_:upstream:): upstream gradient has 1 element, but the input has 2"])
    }

    @Test func importAndUnsupportedConstructs() {
        #expect(
            messages(run("import Foundation"))
                == [
                    "10:1: pages cannot import modules: the Softmax library and Foundation's math functions are "
                        + "already available"
                ])
        #expect(messages(run("struct S {}")) == ["10:1: 'struct' declarations are not supported in pages"])
        #expect(
            messages(run("print(1)"))
                == [
                    "10:1: 'print' is not available in pages: write the expression on a line of its own and its value is shown"
                ])
    }

    @Test func derivativeCheckFailureIsAnErrorAtTheCall() {
        let outcome = run(
            """
            let z = [1.0, 2.0, 3.0]
            checkDerivative(of: softmax, at: z) { i, j in i == j ? 0.5 : -0.1 }
            """)
        #expect(outcome.derivativeChecks == 1)
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
            checkDerivative(of: softmax, at: [1, 2]) { i, j in 0 }
            // → false
            """)
        #expect(messages(outcome) == [])
        #expect(outcome.statedValuesChecked == 1)
    }

    @Test func runawayLoopStopsAtTheLoop() {
        let outcome = run("var i = 0\nwhile true {\n    i += 1\n}\n1 + 1", limits: Limits(steps: 10_000))
        #expect(
            messages(outcome)
                == ["11:1: stopped after 10000 steps: the code runs too long (does a loop or a recursion never end?)"])
        #expect(outcome.results.isEmpty)  // the rest of the block does not run
    }

    @Test func deepRecursionStops() {
        let outcome = run("func down(_ n: Int) -> Int { down(n + 1) }\ndown(0)")
        #expect(
            messages(outcome)
                == ["10:30: recursion too deep: more than 200 nested calls (does the recursion have a base case?)"])
    }

    @Test func hugeArraysAreRefused() {
        #expect(
            messages(run("Array(repeating: 0.0, count: 10_000_000)"))
                == ["10:1: array of 10000000 elements is larger than the limit of 1000000"])
        #expect(
            messages(run("(0..<10_000_000).map { $0 }"))
                == ["10:18: array of 10000000 elements is larger than the limit of 1000000"])
    }

    @Test func anErrorStopsOnlyItsStatementAndLaterUsesStayQuiet() {
        let outcome = run("let s = sofmax([1.0])\ns\n2 + 2")
        #expect(messages(outcome) == ["10:9: cannot find 'sofmax' in scope; did you mean 'softmax'?"])
        #expect(shown(outcome) == ["4"])
    }

    @Test func errorsInsideFunctionsFromEarlierBlocksPointIntoThoseBlocks() {
        var page = Page()
        _ = page.run("func pick(_ z: [Double], _ i: Int) -> Double {\n    z[i]\n}", line: 5)
        let outcome = page.run("pick([1.0], 3)", line: 40)
        #expect(messages(outcome) == ["6:7: index 3 is out of range for an array of 1 element (valid: 0..<1)"])
    }

    @Test func columnsCountCharactersAndFollowTheOrigin() {
        // The block is indented by 4 (origin column 5); "é" and "→" are single characters.
        let outcome = run("let s = \"é→\"\nlet t = s + 1", line: 3, column: 5)
        #expect(
            messages(outcome)
                == ["4:15: binary operator '+' cannot be applied to operands of type 'String' and 'Int'"])
        let error = run("\"é→\" + 1", line: 3, column: 5)
        #expect(
            messages(error) == ["3:10: binary operator '+' cannot be applied to operands of type 'String' and 'Int'"])
    }
}

@Suite struct TryTests {
    @Test func plainTryIsSwiftAndAllowed() {
        let outcome = run(
            "let z = [1.0, 2.0]\ntry softmax(z, temperature: 2)\nlet w = try softmax(z, temperature: 0.5)\nw[1]")
        #expect(messages(outcome) == [])
        #expect(shown(outcome) == ["[0.37754067, 0.62245933]", "0.88079708"])
    }

    @Test func errorsUnderTryStayPositionedAtTheCall() {
        let outcome = run("try softmax([1.0], temperature: -1)")
        #expect(messages(outcome) == ["10:5: softmax(_:temperature:): temperature must be positive, got -1.0"])
    }

    @Test func tryQuestionMarkIsRefused() {
        let outcome = run("try? softmax([1.0], temperature: 1)")
        #expect(messages(outcome) == ["10:1: 'try?' and 'try!' are not supported in pages; write 'try' or nothing"])
    }
}
