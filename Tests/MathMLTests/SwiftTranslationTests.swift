import Diagnostics
import Foundation
import TestSupport
import Testing

@testable import MathML

/// Issue 18, first slice: the evaluable subset of LaTeX translated to Swift expressions, with positioned errors.
/// `here` is page.md:10:5; expected positions are marked in the TeX (see `marked`).
@Suite struct SwiftTranslationTests {
    static let bindings: EquationBindings = {
        var b = EquationBindings()
        b.bind("z", to: "scores", as: .vector)
        b.bind("y", to: "softmax(scores)", as: .vector)
        b.bind("x", to: "logits", as: .vector)
        b.bind("J", to: "jac", as: .matrix)
        b.bind("a", to: "a0", as: .scalar)
        b.bind("b", to: "b0", as: .scalar)
        b.bind("t", to: "temperature", as: .scalar)
        b.bind("\\sigma", to: "softmax", as: .function)
        b.bind("\\mathrm{softmax}", to: "softmax", as: .function)
        b.bind("f", to: "f", as: .function)
        b.bind("\\mathrm{jacobian}", to: "jacobian", as: .function)
        b.bind("p", to: "probability", as: .function)
        return b
    }()

    func sides(_ tex: String, _ bindings: EquationBindings = Self.bindings) throws -> [SwiftTranslation.Side] {
        try SwiftTranslation.translate(tex, at: here, bindings: bindings)
    }

    /// The Swift of each side, joined with ` = `.
    func swift(_ tex: String, _ bindings: EquationBindings = Self.bindings) throws -> String {
        try sides(tex, bindings).map(\.swift).joined(separator: " = ")
    }

    func problems(_ tex: String, _ bindings: EquationBindings = Self.bindings) -> [Diagnostic] {
        do {
            _ = try SwiftTranslation.translate(tex, at: here, bindings: bindings)
            return []
        } catch {
            return error.diagnostics
        }
    }

    func only(_ tex: String, _ bindings: EquationBindings = Self.bindings) throws -> Diagnostic {
        let found = problems(tex, bindings)
        #expect(found.count == 1, "\(found)")
        return try #require(found.first)
    }
}

extension SwiftTranslationTests {
    /// Each construct of the subset: the exact Swift and the free indices.
    static let constructs: [(tex: String, swift: String, free: [String])] = [
        ("2", "2.0", []),
        ("0.5", "0.5", []),
        ("2a", "2.0 * a0", []),
        ("a + b - 1", "a0 + b0 - 1.0", []),
        ("-a", "-a0", []),
        (#"a \cdot b \times 2 / t"#, "a0 * b0 * 2.0 / temperature", []),
        ("a * b", "a0 * b0", []),
        ("a(b + 1)", "a0 * (b0 + 1.0)", []),
        ("(a + b)(a - b)", "(a0 + b0) * (a0 - b0)", []),
        ("a / (b + 1)", "a0 / (b0 + 1.0)", []),
        ("z_i", "scores[i - 1]", ["i"]),
        ("z_{i+1}", "scores[i]", ["i"]),
        ("z_{i-1}", "scores[i - 2]", ["i"]),
        ("z_1", "scores[0]", []),
        ("z_{n}", "scores[scores.count - 1]", []),
        ("z_{2i}", "scores[2 * i - 1]", ["i"]),
        ("J_{12}", "jac[0][1]", []),
        ("a b + t", "a0 * b0 + temperature", []),
        ("a - b t", "a0 - b0 * temperature", []),
        ("y_i y_j", "softmax(scores)[i - 1] * softmax(scores)[j - 1]", ["i", "j"]),
        ("-y_i y_j", "-(softmax(scores)[i - 1] * softmax(scores)[j - 1])", ["i", "j"]),
        ("J_{ij}", "jac[i - 1][j - 1]", ["i", "j"]),
        ("J_{i,j+1}", "jac[i - 1][j]", ["i", "j"]),
        (#"\delta_{ij}"#, "(i == j ? 1.0 : 0.0)", ["i", "j"]),
        (#"\delta_{i,k}"#, "(i == k ? 1.0 : 0.0)", ["i", "k"]),
        ("i + 1", "Double(i + 1)", ["i"]),
        ("2i", "Double(2 * i)", ["i"]),
        ("n", "Double(scores.count)", []),
        (#"\frac{a}{b}"#, "a0 / b0", []),
        (#"\dfrac{a + 1}{b + 1}"#, "(a0 + 1.0) / (b0 + 1.0)", []),
        (#"\frac{a}{b} t"#, "a0 / b0 * temperature", []),
        (#"a / \frac{a}{b}"#, "a0 / (a0 / b0)", []),
        ("a^{2}", "pow(a0, 2.0)", []),
        ("a^2", "pow(a0, 2.0)", []),
        ("z_i^2", "pow(scores[i - 1], 2.0)", ["i"]),
        ("e^{z_i}", "exp(scores[i - 1])", ["i"]),
        ("e^a", "exp(a0)", []),
        ("e", "exp(1.0)", []),
        (#"\sqrt{a}"#, "sqrt(a0)", []),
        (#"\sqrt[3]{a}"#, "pow(a0, 1.0 / 3.0)", []),
        (#"\exp(a)"#, "exp(a0)", []),
        (#"\exp\left(\frac{a}{t}\right)"#, "exp(a0 / temperature)", []),
        (#"\log a"#, "log(a0)", []),
        (#"\ln(a+b)"#, "log(a0 + b0)", []),
        (#"\log_2 a"#, "log(a0) / log(2.0)", []),
        (
            #"\sum_{j=1}^{n} z_j"#,
            "stride(from: 1, through: scores.count, by: 1).reduce(0.0, { (_r: Double, j: Int) -> Double in _r + scores[j - 1] })",
            []
        ),
        (
            #"\sum_j z_j y_j"#,
            "stride(from: 1, through: scores.count, by: 1).reduce(0.0, { (_r: Double, j: Int) -> Double in _r + scores[j - 1] * softmax(scores)[j - 1] })",
            []
        ),
        (
            #"\sum_{k=2}^{i} z_k + 1"#,
            "stride(from: 2, through: i, by: 1).reduce(0.0, { (_r: Double, k: Int) -> Double in _r + scores[k - 1] }) + 1.0",
            ["i"]
        ),
        (
            #"\prod_j z_j"#,
            "stride(from: 1, through: scores.count, by: 1).reduce(1.0, { (_r: Double, j: Int) -> Double in _r * scores[j - 1] })",
            []
        ),
        (
            #"\max_j z_j"#,
            "stride(from: 1, through: scores.count, by: 1).reduce(-Double.infinity, { (_r: Double, j: Int) -> Double in max(_r, scores[j - 1]) })",
            []
        ),
        (
            #"\min_{k=1}^{n} z_k"#,
            "stride(from: 1, through: scores.count, by: 1).reduce(Double.infinity, { (_r: Double, k: Int) -> Double in min(_r, scores[k - 1]) })",
            []
        ),
        (#"\max(a, b)"#, "max(a0, b0)", []),
        (#"\min(a, b, 1)"#, "min(a0, b0, 1.0)", []),
        (#"\max(z)"#, "(scores.max() ?? .nan)", []),
        (#"\max(a + b) t"#, "(a0 + b0) * temperature", []),
        ("|a - b|", "abs(a0 - b0)", []),
        (#"\lvert a \rvert"#, "abs(a0)", []),
        (#"\left| z_i \right|"#, "abs(scores[i - 1])", ["i"]),
        (#"\left( a + b \right) b"#, "(a0 + b0) * b0", []),
        (#"\left[ a + b \right]"#, "(a0 + b0)", []),
        (#"\{a + 1\}[b]"#, "(a0 + 1.0) * b0", []),
        ("{a}", "a0", []),
        (#"\sigma(z)_i"#, "softmax(scores)[i - 1]", ["i"]),
        (#"\mathrm{softmax}(z)_i"#, "softmax(scores)[i - 1]", ["i"]),
        (#"\operatorname{softmax}(z)_{i}"#, "softmax(scores)[i - 1]", ["i"]),
        (#"\operatorname{jacobian}(z)_{ij}"#, "jacobian(scores)[i - 1][j - 1]", ["i", "j"]),
        ("f(a + b, 2)", "f(a0 + b0, 2.0)", []),
        ("p(x_i)", "probability(logits[i - 1])", ["i"]),
        (#"a \, b \quad"#, "a0 * b0", []),
        ("a.", "a0", []),
        (
            #"\frac{\partial y_i}{\partial z_j}"#,
            "_literateDerivative({ (scores: [Double]) -> Double in softmax(scores)[i - 1] }, at: scores, index: j - 1)",
            ["i", "j"]
        ),
        (
            #"\frac{\partial}{\partial z_j} \left( z_j^2 \right)"#,
            "_literateDerivative({ (scores: [Double]) -> Double in pow(scores[j - 1], 2.0) }, at: scores, index: j - 1)",
            ["j"]
        ),
        (
            #"\frac{\partial}{\partial z_1} \sum_j z_j"#,
            "_literateDerivative({ (scores: [Double]) -> Double in stride(from: 1, through: scores.count, by: 1).reduce(0.0, { (_r: Double, j: Int) -> Double in _r + scores[j - 1] }) }, at: scores, index: 0)",
            []
        ),
        (#"\frac{d}{da} f(a)"#, "_literateDerivative({ (a0: Double) -> Double in f(a0) }, at: a0)", []),
        (
            #"\frac{\mathrm{d}}{\mathrm{d}a} f(a)"#, "_literateDerivative({ (a0: Double) -> Double in f(a0) }, at: a0)",
            []
        ),
        (#"\frac{d a^2}{d a}"#, "_literateDerivative({ (a0: Double) -> Double in pow(a0, 2.0) }, at: a0)", []),
    ]

    @Test func everyConstructTranslatesToItsSwift() throws {
        for (tex, swift, free) in Self.constructs {
            let found = try sides(tex)
            #expect(found.count == 1, "\(tex)")
            #expect(found.first?.swift == swift, "\(tex)")
            #expect(found.first?.freeIndices == free, "\(tex)")
        }
    }

    @Test func indicesFromZeroAreNotShifted() throws {
        var bindings = Self.bindings
        bindings.indexBase = 0
        #expect(try swift("z_i + z_{i+1}", bindings) == "scores[i] + scores[i + 1]")
        #expect(
            try swift(#"\sum_j z_j"#, bindings)
                == "stride(from: 0, through: scores.count - 1, by: 1).reduce(0.0, { (_r: Double, j: Int) -> Double in _r + scores[j] })"
        )
    }

    @Test func boundLengthAndIndexVariables() throws {
        var bindings = EquationBindings(indices: ["r", "s"], length: "count")
        bindings.bind("w", to: "weights", as: .vector)
        #expect(try swift("w_r n", bindings) == "weights[r - 1] * Double(count)")
        #expect(try sides("w_{r+s}", bindings).first?.freeIndices == ["r", "s"])
        bindings.bind("n", to: "size", as: .scalar)
        #expect(try swift("n", bindings) == "size")
    }
}

/// The essay's equations, and a derivation.
extension SwiftTranslationTests {
    @Test func derivativeOfSoftmaxOnTheDiagonal() throws {
        let found = try sides(#"\frac{\partial y_i}{\partial z_i} = y_i(1 - y_i)"#)
        #expect(
            found.map(\.swift) == [
                "_literateDerivative({ (scores: [Double]) -> Double in softmax(scores)[i - 1] }, at: scores, index: i - 1)",
                "softmax(scores)[i - 1] * (1.0 - softmax(scores)[i - 1])",
            ])
        #expect(found.map(\.freeIndices) == [["i"], ["i"]])
        #expect(found.map(\.tex) == [#"\frac{\partial y_i}{\partial z_i}"#, "y_i(1 - y_i)"])
        #expect(found.map(\.location.column) == [5, 41])
        #expect(found.map(\.equation) == [0, 0])
    }

    @Test func derivativeOfSoftmaxOffTheDiagonal() throws {
        #expect(
            try swift(#"\frac{\partial y_i}{\partial z_j} = -y_i y_j"#)
                == "_literateDerivative({ (scores: [Double]) -> Double in softmax(scores)[i - 1] }, at: scores, index: j - 1)"
                + " = -(softmax(scores)[i - 1] * softmax(scores)[j - 1])")
    }

    @Test func softmaxAsAFunctionOfOneLogit() throws {
        var bindings = EquationBindings(length: "logits.count")
        bindings.bind("x", to: "logits", as: .vector)
        bindings.bind("p", to: "probability", as: .function)
        let found = try sides(#"p(x_i) = \frac{e^{x_i}}{\sum_{j=1}^{n} e^{x_j}}"#, bindings)
        #expect(
            found.map(\.swift) == [
                "probability(logits[i - 1])",
                "exp(logits[i - 1]) / stride(from: 1, through: logits.count, by: 1).reduce(0.0, { (_r: Double, j: Int) -> Double in _r + exp(logits[j - 1]) })",
            ])
        #expect(found.map(\.freeIndices) == [["i"], ["i"]])
    }

    /// The essay's wrong (5) translates: being wrong is for the checker.
    @Test func theEssaysWrongDerivativeTranslates() throws {
        var bindings = EquationBindings()
        bindings.bind("z", to: "scores", as: .vector)
        bindings.bind("y", to: "normalized(scores)", as: .vector)
        bindings.bind("p", to: "normalized(scores)", as: .vector)
        #expect(
            try swift(#"\frac{\partial y_i}{\partial z_i} = \frac{1}{\sum_j z_j} - p_i"#, bindings)
                == "_literateDerivative({ (scores: [Double]) -> Double in normalized(scores)[i - 1] }, at: scores, index: i - 1)"
                + " = 1.0 / stride(from: 1, through: scores.count, by: 1).reduce(0.0, { (_r: Double, j: Int) -> Double in _r + scores[j - 1] })"
                + " - normalized(scores)[i - 1]")
    }

    @Test func anAlignedDerivationIsOneSidePerStep() throws {
        let tex = marked(
            """
            \\begin{aligned}
            1️⃣\\frac{\\partial y_i}{\\partial z_i} &= 2️⃣\\frac{e^{z_i}}{\\sum_j e^{z_j}} \\\\
              &= 3️⃣y_i(1 - y_i) \\tag{4} \\\\
            4️⃣a &= 5️⃣b
            \\end{aligned}
            """)
        let found = try sides(tex.text)
        #expect(
            found.map(\.tex) == [
                #"\frac{\partial y_i}{\partial z_i}"#, #"\frac{e^{z_i}}{\sum_j e^{z_j}}"#, "y_i(1 - y_i)", "a", "b",
            ])
        #expect(found.map(\.equation) == [0, 0, 0, 1, 1])
        #expect(found.map(\.location) == [1, 2, 3, 4, 5].map(tex.location))
        #expect(found[1].swift.hasPrefix("exp(scores[i - 1]) / stride(from: 1, through: scores.count"))
        #expect(found[2].swift == "softmax(scores)[i - 1] * (1.0 - softmax(scores)[i - 1])")
    }

    @Test func aRowWithoutEqualsContinuesTheSideBeforeIt() throws {
        let found = try sides("\\begin{aligned}\na &= b \\\\\n  &\\quad + t \\\\\n  &= 2\n\\end{aligned}")
        #expect(found.map(\.swift) == ["a0", "b0 + temperature", "2.0"])
        #expect(found.map(\.tex) == ["a", "b \\\\\n  &\\quad + t", "2"])
        #expect(found.map(\.equation) == [0, 0, 0])
    }

    @Test func aChainOfEqualsIsOneEquation() throws {
        let tex = marked("1️⃣a = 2️⃣b = 3️⃣2 \\label{eq:x}")
        let found = try sides(tex.text)
        #expect(found.map(\.swift) == ["a0", "b0", "2.0"])
        #expect(found.map(\.location) == [1, 2, 3].map(tex.location))
    }
}

/// Errors: each at its own position, naming what cannot be evaluated.
extension SwiftTranslationTests {
    @Test func anUnknownCommandCannotBeEvaluated() throws {
        let integral = marked(#"a = 1️⃣\int_0^1 x dx"#)
        let d = try only(integral.text)
        #expect(d.location == integral.location(1))
        #expect(d.says(.cannotEvaluate(#"\int"#)))
        #expect(try only(#"a + \text{so} b"#).says(.cannotEvaluate(#"\text"#)))
        let approx = marked(#"a 1️⃣\approx b"#)
        #expect(try only(approx.text).location == approx.location(1))
    }

    @Test func anUnboundLetterSaysWhatIsBound() throws {
        var bindings = EquationBindings()
        bindings.bind("z", to: "scores", as: .vector)
        let letter = marked("z_i + 1️⃣q")
        let d = try only(letter.text, bindings)
        #expect(d.location == letter.location(1))
        #expect(d.says(.notBound("'q'", bound: ["z"], indices: ["i", "j", "k"])))
        let tau = marked(#"1️⃣\tau z_i"#)
        let greek = try only(tau.text, bindings)
        #expect(greek.says(.notBound(#"\tau"#, bound: ["z"], indices: ["i", "j", "k"])))
        #expect(greek.location == tau.location(1))
        #expect(try only("m", EquationBindings()).says(.notBound("'m'", bound: [], indices: ["i", "j", "k"])))
    }

    @Test func everySideReportsItsOwnProblem() {
        let tex = marked(#"1️⃣\foo = a = 2️⃣\bar + q"#)
        let found = problems(tex.text)
        #expect(found.map(\.location) == [1, 2].map(tex.location))
    }

    @Test func positionsOnLaterLinesCountFromTheLineStart() throws {
        let aligned = marked("\\begin{aligned}\na &= b \\\\\n  &= 1️⃣\\nope\n\\end{aligned}")
        let d = try only(aligned.text)
        #expect(d.location == aligned.location(1))
        let accented = marked("1️⃣é + ∑")
        let scalars = try only(accented.text)
        #expect(scalars.location == accented.location(1))
        #expect(scalars.says(.cannotEvaluate("'é'")))
    }

    @Test func misusedSymbols() throws {
        #expect(try only("z + 1").says(.vectorWithoutIndex("z")))
        #expect(try only("J_i").says(.matrixIndexCount("J")))
        #expect(try only("z_{ij}").says(.vectorIndexCount("z")))
        #expect(try only("a_i").says(.scalarWithIndex("a")))
        #expect(try only("f + 1").says(.unappliedFunction("f")))
        #expect(try only("z_{0.5}").says(.nonIntegerIndex))
        #expect(try only("z_12").says(.longSubscript("12")))
        #expect(try only(#"\partial a"#).says(.partialOutsideDerivative))
    }

    @Test func derivativesNeedAVariableName() throws {
        var bindings = Self.bindings
        bindings.bind("w", to: "[1.0, 2.0]", as: .vector)
        let unnamed = marked(#"\frac{\partial y_i}{\partial 1️⃣w_j}"#)
        let d = try only(unnamed.text, bindings)
        #expect(d.location == unnamed.location(1))
        #expect(d.says(.variableNotSwiftName("w", boundTo: "[1.0, 2.0]")))
        #expect(try only(#"\frac{\partial y_i}{\partial q}"#).says(.variableNotBound("'q'")))
        #expect(try only(#"\frac{\partial^2 y_i}{\partial z_j^2}"#).says(.higherDerivative))
        bindings.bind("q", to: "probabilities", as: .vector)
        let independent = marked(#"\frac{\partial 1️⃣q_i}{\partial z_j}"#)
        let constant = try only(independent.text, bindings)
        #expect(constant.location == independent.location(1))
        #expect(constant.says(.independentOfVariable("the numerator", "z", swift: "scores")))
        let ordinary = marked(#"\frac{d}{da} 1️⃣b"#)
        #expect(try only(ordinary.text).location == ordinary.location(1))
    }

    @Test func structuralProblems() throws {
        #expect(try only("a = ").says(.nothingAfterEquals))
        #expect(try only("= a").says(.nothingBeforeEquals))
        let unclosed = marked(#"\frac{a}1️⃣{b"#)
        let open = try only(unclosed.text)
        #expect(open.says(.neverClosed("{")))
        #expect(open.location == unclosed.location(1))
        #expect(try only("(a + b").says(.neverClosed("(")))
        #expect(try only("a)").says(.cannotEvaluate("')'")))
        #expect(try only(#"\begin{pmatrix} a \end{pmatrix}"#).says(.cannotEvaluateEnvironment("pmatrix")))
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let deep = String(repeating: "(", count: 5000) + "a" + String(repeating: ")", count: 5000)
        let d = try only(deep)
        #expect(d.says(.nestedTooDeeplyToEvaluate(levels: SwiftTranslation.maximumDepth)))
        let braces = String(repeating: "{", count: 5000) + "a" + String(repeating: "}", count: 5000)
        #expect(try only(braces).says(.nestedTooDeeplyToEvaluate(levels: SwiftTranslation.maximumDepth)))
    }
}

/// The generated expressions are valid Swift: every construct above, type-checked by `swiftc` against
/// declarations of the bound names and of the derivative helper with the documented signatures.
extension SwiftTranslationTests {
    static let declarations = """
        import Foundation
        func softmax(_ z: [Double]) -> [Double] { z }
        func normalized(_ z: [Double]) -> [Double] { z }
        func probability(_ x: Double) -> Double { x }
        func jacobian(_ z: [Double]) -> [[Double]] { [z] }
        func f(_ a: Double) -> Double { a }
        func f(_ a: Double, _ b: Double) -> Double { a + b }
        func _literateDerivative(_ f: (Double) -> Double, at x: Double) -> Double { f(x) }
        func _literateDerivative(_ f: ([Double]) -> Double, at x: [Double], index: Int) -> Double { f(x) }
        let scores = [1.0, 2.0], logits = [1.0, 2.0], jac = [[1.0, 2.0], [3.0, 4.0]]
        let a0 = 1.0, b0 = 2.0, temperature = 0.5
        let i = 1, j = 2, k = 1

        """

    @Test func theGeneratedSwiftTypeChecks() throws {
        var source = Self.declarations
        for (number, construct) in Self.constructs.enumerated() {
            source += "let v\(number): Double = \(construct.swift)\n"
        }
        for tex in [
            #"\frac{\partial y_i}{\partial z_i} = y_i(1 - y_i)"#, #"\frac{\partial y_i}{\partial z_j} = -y_i y_j"#,
        ] {
            for (number, side) in try sides(tex).enumerated() {
                source += "let w\(source.count)_\(number): Double = \(side.swift)\n"
            }
        }
        let (status, output) = try Self.typeCheck(source)
        #expect(status == 0, "\(output)")
        // And the check can fail: a side of another type is refused.
        #expect(try Self.typeCheck(Self.declarations + "let bad: Double = scores\n").status != 0)
    }

    /// Runs `swiftc -typecheck` (`$SWIFTC`, or the one on `PATH`) on `source`.
    static func typeCheck(_ source: String) throws -> (status: Int32, output: String) {
        let swiftc = ProcessInfo.processInfo.environment["SWIFTC"] ?? "/usr/bin/env"
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("swift-translation-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("main.swift")
        try source.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: swiftc)
        process.arguments = (swiftc == "/usr/bin/env" ? ["swiftc"] : []) + ["-typecheck", file.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}

/// Any input gives sides or diagnostics, never a crash.
extension SwiftTranslationTests {
    @Test func randomPiecesNeverCrash() {
        let pieces = [
            "a", "z", "_", "^", "{", "}", "(", ")", "[", "]", "|", "=", "&", "\\\\", "\n", "+", "-", "2", "12", "i",
            "j", "n", "e", "d", ",", ".", "\\frac", "\\partial", "\\sum", "\\max", "\\left", "\\right", "\\sqrt",
            "\\delta", "\\mathrm", "\\sigma", "\\lvert", "\\rvert", "\\{", "\\}", "\\begin{aligned}", "\\end{aligned}",
            "\\tag", "\\log", "\\exp", "\\cdot", "J", "f", "é", "\\",
        ]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        for _ in 0..<3000 {
            var tex = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for _ in 0..<(Int(state >> 59) + 1) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                tex += pieces[Int(state >> 33) % pieces.count]
            }
            _ = problems(tex)
        }
    }
}

/// The essay's equations, compiled and run with a central-difference `_literateDerivative`: the true ones agree at
/// z = [2, 5, 1] for all i, j, and the essay's wrong (5) does not.
extension SwiftTranslationTests {
    static let program = """
        import Foundation
        func softmax(_ z: [Double]) -> [Double] {
            let m = z.max()!
            let e = z.map { exp($0 - m) }
            let s = e.reduce(0, +)
            return e.map { $0 / s }
        }
        func normalized(_ z: [Double]) -> [Double] { z.map { $0 / z.reduce(0, +) } }
        func _literateDerivative(_ f: (Double) -> Double, at x: Double) -> Double {
            let h = 1e-5 * max(1, abs(x))
            return (f(x + h) - f(x - h)) / (2 * h)
        }
        func _literateDerivative(_ f: ([Double]) -> Double, at x: [Double], index: Int) -> Double {
            let h = 1e-5 * max(1, abs(x[index]))
            var up = x
            var down = x
            up[index] += h
            down[index] -= h
            return (f(up) - f(down)) / (2 * h)
        }
        let scores = [2.0, 5.0, 1.0]
        let logits = scores
        let targets = [0.0, 1.0, 0.0]
        let a0 = 1.5
        func probability(_ x: Double) -> Double { exp(x) / logits.map { exp($0) }.reduce(0, +) }

        """

    @Test func theEssaysEquationsAgreeWhenRunAndTheWrongOneDoesNot() throws {
        var softmaxBindings = EquationBindings()
        softmaxBindings.bind("z", to: "scores", as: .vector)
        softmaxBindings.bind("y", to: "softmax(scores)", as: .vector)
        softmaxBindings.bind("x", to: "logits", as: .vector)
        softmaxBindings.bind("p", to: "probability", as: .function)
        softmaxBindings.bind("t", to: "targets", as: .vector)
        softmaxBindings.bind("a", to: "a0", as: .scalar)
        var normalizedBindings = EquationBindings()
        normalizedBindings.bind("z", to: "scores", as: .vector)
        normalizedBindings.bind("y", to: "normalized(scores)", as: .vector)
        normalizedBindings.bind("p", to: "normalized(scores)", as: .vector)
        let equations: [(tex: String, bindings: EquationBindings, agrees: (Int, Int) -> Bool)] = [
            (#"\frac{\partial y_i}{\partial z_i} = y_i(1 - y_i)"#, softmaxBindings, { _, _ in true }),
            (#"\frac{\partial y_i}{\partial z_j} = y_i(\delta_{ij} - y_j)"#, softmaxBindings, { _, _ in true }),
            (#"p(x_i) = \frac{e^{x_i}}{\sum_{j=1}^{n} e^{x_j}}"#, softmaxBindings, { _, _ in true }),
            (#"\frac{\partial y_i}{\partial z_i} = \frac{1 - p_i}{\sum_j z_j}"#, normalizedBindings, { _, _ in true }),
            (#"\frac{\partial}{\partial z_j} \log \sum_k e^{z_k} = y_j"#, softmaxBindings, { _, _ in true }),
            (
                #"\frac{\partial}{\partial z_j} \left(-\sum_k t_k \log y_k\right) = y_j - t_j"#, softmaxBindings,
                { _, _ in true }
            ),
            (#"\log y_i = z_i - \log \sum_k e^{z_k}"#, softmaxBindings, { _, _ in true }),
            (#"\sum_{i=1}^{n} y_i = 1"#, softmaxBindings, { _, _ in true }),
            (#"\frac{d}{da} a^3 = 3a^2"#, softmaxBindings, { _, _ in true }),
            // Off the diagonal only.
            (#"\frac{\partial y_i}{\partial z_j} = -y_i y_j"#, softmaxBindings, { i, j in i != j }),
            (#"\frac{\partial y_i}{\partial z_i} = \frac{1}{\sum_j z_j} - p_i"#, normalizedBindings, { _, _ in false }),
        ]
        var source = Self.program
        for (number, equation) in equations.enumerated() {
            let found = try sides(equation.tex, equation.bindings)
            try #require(found.count == 2)
            source += """
                for i in 1...3 {
                    for j in 1...3 {
                        _ = j
                        let left: Double = \(found[0].swift)
                        let right: Double = \(found[1].swift)
                        print(\(number), i, j, abs(left - right) <= 1e-8 * max(1, abs(left), abs(right)))
                    }
                }

                """
        }
        let (status, output) = try Self.run(source)
        try #require(status == 0, "\(output)")
        for (number, equation) in equations.enumerated() {
            let lines = output.split(separator: "\n").map { $0.split(separator: " ") }.filter {
                $0.first == "\(number)"
            }
            #expect(lines.count == 9)
            for line in lines where line.count == 4 {
                let (i, j) = (Int(line[1]) ?? 0, Int(line[2]) ?? 0)
                #expect((line[3] == "true") == equation.agrees(i, j), "\(equation.tex) at i = \(i), j = \(j)")
            }
        }
    }

    /// Compiles `source` with `swiftc` and runs it: the exit status and the standard output (or the compiler's
    /// errors).
    static func run(_ source: String) throws -> (status: Int32, output: String) {
        let swiftc = ProcessInfo.processInfo.environment["SWIFTC"] ?? "/usr/bin/env"
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("swift-translation-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("main.swift")
        let binary = folder.appendingPathComponent("main")
        try source.write(to: file, atomically: true, encoding: .utf8)
        for step in [
            (swiftc, (swiftc == "/usr/bin/env" ? ["swiftc"] : []) + [file.path, "-o", binary.path]), (binary.path, []),
        ] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: step.0)
            process.arguments = step.1
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            if process.terminationStatus != 0 || step.0 == binary.path { return (process.terminationStatus, text) }
        }
        return (-1, "")
    }
}
