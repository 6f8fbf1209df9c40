import Diagnostics
import Evaluator
import Softmax
import TestSupport
import Testing

/// `// → value` and `// => value` after top-level expressions, checked with the written precision.
@Suite struct ExpectationTests {
    @Test func statedVectorOnTheNextLineMatches() {
        let s = softmax([0.3, 0.7, 1.2, -0.2, 0.7])
        let stated = "[" + s.map { NumberFormat.format($0) }.joined(separator: ", ") + "]"
        let code = marked("let logits = [0.3, 0.7, 1.2, -0.2, 0.7]\nsoftmax(logits)\n// → 1️⃣\(stated)")
        let outcome = run(code.text)
        #expect(messages(outcome) == [])
        #expect(outcome.counters.statedValuesChecked == 1)
        let value = outcome.results[0].stated
        #expect(value?.text == stated)
        #expect(value?.arrow == "→")
        #expect(value?.location == code.location(1))
    }

    @Test func trailingAndAsciiArrow() {
        let code = marked("1.0 / 3 // => 1️⃣0.333\n0.5 * 3 // → 1.5")
        let outcome = run(code.text)
        #expect(messages(outcome) == [])
        #expect(outcome.counters.statedValuesChecked == 2)
        #expect(outcome.results[0].stated?.arrow == "=>")
        #expect(outcome.results[0].stated?.location == code.location(1))
        #expect(outcome.results[0].stated?.tolerance == 0.0005)
    }

    @Test func writtenPrecisionIsTheTolerance() {
        // softmax([2, 5, 1])[1] = 0.93623955…
        let p = softmax([2, 5, 1])[1]
        #expect(messages(run("softmax([2, 5, 1])[1] // → 0.936")) == [])
        #expect(messages(run("softmax([2, 5, 1])[1] // → 0.94")) == [])
        #expect(
            messages(run("softmax([2, 5, 1])[1] // → 0.937"))
                == ["10:28: stated 0.937, computed \(NumberFormat.format(p))"])
        #expect(messages(run("1.5e-5 + 0.04e-5 // → 1.5e-5")) == [])
        #expect(
            messages(run("1.5e-5 + 0.06e-5 // → 1.5e-5"))
                == ["10:23: stated 1.5e-5, computed \(NumberFormat.format(1.5e-5 + 0.06e-5))"])
        // Exactly half a unit away, as written, matches.
        #expect(messages(run("0.9365 // → 0.936")) == [])
    }

    @Test func integersMatchExactlyUnlessTheValueIsADouble() {
        #expect(messages(run("1 + 2 // → 3")) == [])
        #expect(messages(run("1 + 1 // → 3")) == ["10:12: stated 3, computed 2"])
        #expect(messages(run("2.6 // → 3")) == [])
        #expect(messages(run("3.6 // → 3")) == ["10:10: stated 3, computed 3.6"])
    }

    @Test func scalarMismatchNamesBothValues() {
        let outcome = run("let x = -0.25\nx\n// → 0.25")
        #expect(messages(outcome) == ["12:6: stated 0.25, computed -0.25"])
    }

    @Test func vectorMismatchNamesTheElementAndTheDifference() {
        let s = softmax([0.3, 0.7, 1.2, -0.2, 0.7])
        var statedElements = s.map { NumberFormat.format($0) }
        statedElements[2] = NumberFormat.format(s[2] + 2e-6)
        let stated = "[" + statedElements.joined(separator: ", ") + "]"
        let outcome = run("softmax([0.3, 0.7, 1.2, -0.2, 0.7])\n// → \(stated)")
        let off = NumberFormat.format(abs(s[2] - Double(statedElements[2])!), significantDigits: 2)
        #expect(
            messages(outcome)
                == [
                    "11:6: element [2]: stated \(statedElements[2]), computed \(NumberFormat.format(s[2])) (off by \(off))"
                ])
    }

    @Test func matricesAndSeveralMismatches() {
        #expect(messages(run("[[1.0, 2.0], [3.0, 4.0]] // → [[1, 2], [3, 4]]")) == [])
        #expect(
            messages(run("[[1.0, 2.0], [3.0, 4.0]] // → [[1, 2], [3.5, 4.5]]"))
                == ["10:31: element [1][0]: stated 3.5, computed 3.0 (off by 0.5); 1 more element differs"])
    }

    @Test func shapesMustAgree() {
        #expect(
            messages(run("[1.0, 2.0] // → [1.0, 2.0, 3.0]"))
                == ["10:17: stated a vector of 3 elements, computed a vector of 2 elements"])
        #expect(messages(run("[1.0, 2.0] // → 1.0")) == ["10:17: stated a number, computed a vector of 2 elements"])
        #expect(
            messages(run("2.0 // → [2.0]")) == ["10:10: stated a vector of 1 element, computed the number 2.0"])
    }

    @Test func specialValuesBooleansAndStrings() {
        #expect(messages(run("0.0 / 0.0 // → nan")) == [])
        #expect(messages(run("1.0 / 0.0 // → inf")) == [])
        #expect(messages(run("-1.0 / 0.0 // → -inf")) == [])
        #expect(messages(run("-1.0 / 0.0 // → inf")) == ["10:17: stated inf, computed -inf"])
        #expect(messages(run("1 < 2 // → true")) == [])
        #expect(messages(run("1 < 2 // → false")) == ["10:12: stated false, computed true"])
        #expect(messages(run("\"ab\" // → \"ab\"")) == [])
        #expect(messages(run("\"ab\" // → \"a\"")) == ["10:11: stated \"a\", computed \"ab\""])
    }

    @Test func badStatedValues() {
        #expect(
            messages(run("0.5\n// → 0.5x"))
                == [
                    "11:6: cannot read '0.5x' as a value: expected a number (0.936, -1.5e-5, nan, inf), true, false, "
                        + "a \"string\" or a [vector]"
                ])
        #expect(
            messages(run("[1.0] // → [1.0"))
                == ["10:16: expected ']' to close the stated vector (a stated value must fit on one line)"])
        #expect(
            messages(run("[[1.0]] // → [[1.0], [1.0, 2.0]]"))
                == ["10:14: the rows of a stated matrix must have the same length (1 and 2)"])
        #expect(messages(run("1.0 // →")) == ["10:9: expected a value after the arrow"])
    }

    @Test func arrowAfterADeclarationOrAssignment() {
        #expect(
            messages(run("let x = 1 // → 1"))
                == [
                    "10:16: a 'let' declaration has no value to state; write 'x' on a line of its own and state its "
                        + "value after it"
                ])
        #expect(
            messages(run("var y = 1.0\ny = 2\n// → 2"))
                == [
                    "12:6: an assignment has no value to state; write 'y' on a line of its own and state its value "
                        + "after it"
                ])
        #expect(
            messages(run("for i in 0..<2 {\n    i * 2 // → 0\n}"))
                == [
                    "11:7: result of operator '*' is unused",
                    "11:16: a stated value must follow a top-level expression, at the end of its line or on the line "
                        + "right after it",
                ])
        #expect(
            messages(run("1.0\n\n// → 1.0"))
                == [
                    "12:6: a stated value must follow a top-level expression, at the end of its line or on the line "
                        + "right after it"
                ])
    }

    @Test func oneStatedValuePerExpression() {
        #expect(
            messages(run("1.0 // → 1.0\n// → 1.0")) == ["11:6: this expression already has a stated value at line 10"])
    }

    @Test func statedValuesOfFailedExpressionsAreNotChecked() {
        let outcome = run("sofmax([1.0]) // → 1.0")
        #expect(outcome.counters.statedValuesChecked == 0)
        #expect(messages(outcome) == ["10:1: cannot find 'sofmax' in scope"])
    }

    @Test func optionLinesAreComments() {
        let code = marked("//| caption: A\n//| digits: 4\n1️⃣1 + 1 // → 2")
        let outcome = run(code.text)
        #expect(messages(outcome) == [])
        #expect(outcome.results.first?.location == code.location(1))
    }

    @Test func parsedStatedNumbersKeepTheirStyle() throws {
        let literal = try StatedLiteral.parse("[0.936, -1.5e-5, 3]")
        guard case .array(let elements) = literal, case .number(let a) = elements[0], case .number(let b) = elements[1],
            case .number(let c) = elements[2]
        else {
            Issue.record("not a vector of numbers: \(literal)")
            return
        }
        #expect(a.decimals == 3 && !a.isScientific && a.offset == 1 && a.tolerance == 0.0005)
        #expect(b.decimals == 1 && b.isScientific && b.offset == 8 && abs(b.tolerance - 0.05e-5) < 1e-20)
        #expect(c.isInteger && c.tolerance == 0.5 && c.offset == 17)
    }
}

/// Inline prose code: `{swift} expr` and `{swift} expr → stated`.
@Suite struct InlineTests {
    @Test func inlineValueInThePageEnvironment() {
        var page = Page()
        _ = page.run("let logits = [0.3, 0.7, 1.2, -0.2, 0.7]")
        let outcome = page.inline("softmax(logits)[2]")
        #expect(messages(outcome) == [])
        #expect(outcome.value?.asDouble == softmax([0.3, 0.7, 1.2, -0.2, 0.7])[2])
        #expect(outcome.stated == nil)
    }

    @Test func inlineStatedValue() {
        var page = Page()
        // Inline code starts at page.md:3:7 (see `Page.inline`).
        let origin = SourceLocation(file: "page.md", line: 3, column: 7)
        let right = MarkedText("softmax([2, 5, 1])[1] → 1️⃣0.936", at: origin)
        let good = page.inline(right.text)
        #expect(messages(good) == [])
        #expect(good.stated?.text == "0.936")
        #expect(good.stated?.location == right.location(1))
        let wrong = MarkedText("softmax([2, 5, 1])[1] => 1️⃣0.937", at: origin)
        let bad = page.inline(wrong.text)
        #expect(
            messages(bad) == [
                "\(wrong.position(1)): stated 0.937, computed \(NumberFormat.format(softmax([2, 5, 1])[1]))"
            ])
        #expect(bad.stated?.arrow == "=>")
    }

    @Test func inlineErrorsArePositioned() {
        func inline(_ code: String) -> InlineRun {
            var page = Page()
            return page.inline(code)
        }
        #expect(messages(inline("softmax(zz)")) == ["3:15: cannot find 'zz' in scope"])
        #expect(messages(inline("softmax(")) == ["3:15: expected expression in list of expressions"])
        #expect(
            messages(inline("let a = 1")) == ["3:7: inline code must be one expression, such as 'softmax(z)[0]'"])
        #expect(
            messages(inline("1.0 → one"))
                == [
                    "3:13: cannot read 'one' as a value: expected a number (0.936, -1.5e-5, nan, inf), true, false, "
                        + "a \"string\" or a [vector]"
                ])
    }
}

@Suite struct MultiLineStatedValueTests {
    @Test func aMatrixMayContinueOnCommentLines() {
        let code = "softmaxJacobian([1.0, 2.0])\n// → [[0.197, -0.197],\n//    [-0.197, 0.197]]"
        let outcome = run(code)
        #expect(messages(outcome) == [])
        #expect(outcome.counters.statedValuesChecked == 1)
        #expect(outcome.results.first?.stated?.text == "[[0.197, -0.197],\n//    [-0.197, 0.197]]")
    }

    @Test func aMismatchInTheSecondRowIsFound() {
        let code = "softmaxJacobian([1.0, 2.0])\n// → [[0.197, -0.197],\n//    [-0.197, 0.3]]"
        let outcome = run(code)
        #expect(messages(outcome) == ["11:6: element [1][1]: stated 0.3, computed 0.19661193 (off by 0.1)"])
    }

    @Test func continuationStopsWhenTheBracketsClose() {
        let code = "[1.0, 2.0]\n// → [1.0,\n//    2.0]\n// a remark, not part of the value"
        let outcome = run(code)
        #expect(messages(outcome) == [])
        #expect(outcome.results.first?.stated?.text == "[1.0,\n//    2.0]")
    }
}
