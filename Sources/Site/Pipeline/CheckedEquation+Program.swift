import Diagnostics
import Evaluator
import Foundation
import LiteratePage
import Markdown
import MathML

/// The program side of a checked equation: its TeX translated to Swift, every side evaluated at every
/// index, and the compiler's errors moved back to the bindings they name.
extension CheckedEquation {
    /// The block's TeX as display math: option lines are TeX comments; rows of `&`/`\\` without an environment
    /// are set in `aligned`. The location is where the returned text's first character would be.
    var displayTeX: (tex: String, location: SourceLocation) {
        let code = block.code.hasSuffix("\n") ? String(block.code.dropLast()) : block.code
        if !code.contains("\\begin{"), code.contains("\\\\") || code.contains("&") {
            // The environment's opening stands on a line of its own before the block, so no position moves.
            return (
                "\\begin{aligned}\n" + code + "\n\\end{aligned}",
                SourceLocation(file: block.location.file, line: block.location.line - 1, column: 1)
            )
        }
        return (code, block.location)
    }

    /// Translates the sides and builds the program's expression; problems are positioned in the block.
    mutating func prepare() -> [Diagnostic] {
        guard let checkLocation, !optionsFailed else { return [] }
        var problems: [Diagnostic] = []
        let tex = block.code
        let inferred = SwiftTranslation.inferredKinds(in: tex, names: bindings.map(\.name))
        var translationBindings = EquationBindings(
            indices: Array(Set((over ?? []) + ["i", "j", "k"])).sorted(), indexBase: base)
        translationBindings.safeSubscripts = true
        var declarations: [String] = []
        shown = []
        var seen: [String: SourceLocation] = [:]
        var constants: [String] = []
        for (number, binding) in bindings.enumerated() {
            if let first = seen[binding.name] {
                problems.append(.error(at: binding.location, .boundTwice(binding.name, first: first)))
                continue
            }
            seen[binding.name] = binding.location
            // A symbol the equation does not use (`z` when only `p = softmax(z)` appears) keeps the Swift type of its
            // value; it counts as a vector, whose length `n` is.
            let unused = binding.kind == nil && inferred[binding.name] == nil
            let kind = binding.kind ?? inferred[binding.name] ?? .vector
            let dependent = Self.identifiers(in: binding.swift).contains { constants.contains($0) }
            if kind == .function || dependent {
                translationBindings.bind(binding.name, to: "(\(binding.swift))", as: kind)
                continue
            }
            let local = Self.isPlainName(binding.name) ? binding.name : "_literateSymbol\(number)"
            let type =
                switch kind {
                case .scalar: "Double"
                case .vector: "[Double]"
                case .matrix: "[[Double]]"
                case .function: ""
                }
            if local != binding.swift {
                declarations.append("let \(local)\(unused ? "" : ": " + type) = \(binding.swift)")
            }
            translationBindings.bind(binding.name, to: local, as: kind)
            if Self.isPlainName(binding.name) { constants.append(binding.name) }
            if kind == .scalar || kind == .vector { shown.append((binding.name, local, kind == .scalar, unused)) }
        }
        let display = displayTeX
        do {
            sides = try SwiftTranslation.translate(display.tex, at: display.location, bindings: translationBindings)
        } catch {
            return problems + error.diagnostics
        }
        let used = Set(sides.flatMap(\.freeIndices))
        if let over {
            for side in sides {
                for index in side.freeIndices where !over.contains(index) {
                    problems.append(.error(at: side.location, .freeIndexNotOver(index, over: over)))
                }
            }
            indices = over
        } else {
            indices = used.sorted()
        }
        if let condition, !indices.contains(condition.first) || !indices.contains(condition.second) {
            problems.append(.error(at: checkLocation, .whereNamesOtherIndex(condition, ranged: indices)))
        }
        var length = "0"
        if !indices.isEmpty {
            guard let code = translationBindings.lengthCode else {
                return problems + [.error(at: checkLocation, .indicesNeedLength(indices))]
            }
            length = code
        }
        if !problems.isEmpty { return problems }
        let closures = sides.map { side in
            var body = ""
            for (position, index) in indices.enumerated() where side.freeIndices.contains(index) {
                body += "let \(index) = _literateIndex[\(position)]; "
            }
            let parameter = body.isEmpty ? "_" : "_literateIndex"
            return "{ (\(parameter): [Int]) -> Double in \(body)return \(side.swift) }"
        }
        let call =
            "_literateCheckEquation(count: \(length), base: \(base), indices: \(indices.count), [\(closures.joined(separator: ", "))])"
        let shownRows = shown.map { entry in
            entry.unused ? "_literateValues(\(entry.local))" : entry.scalar ? "[\(entry.local)]" : entry.local
        }
        let rows = "[[Double(\(length))]] + \(call) + [\(shownRows.joined(separator: ", "))]"
        let called = Self.identifiers(in: closures.joined(separator: " "))
        let math = ["exp", "log", "sqrt", "pow"].filter { called.contains($0) }.map {
            "let \($0) = _LiterateMath.\($0)"
        }
        let statements = (math + declarations + ["return \(rows)"]).joined(separator: "; ")
        code = "{ () -> [[Double]] in \(statements) }()"
        return []
    }

    static func isPlainName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else {
            return false
        }
        let keywords: Set<String> = [
            "let", "var", "in", "if", "for", "func", "return", "true", "false", "nil", "self", "Self", "is", "as", "do",
            "try", "case", "else", "while", "switch", "where",
        ]
        return !keywords.contains(name)
            && name.unicodeScalars.allSatisfy {
                ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_"
            }
    }

    /// The Swift identifiers of `code` (words not after a `.`).
    static func identifiers(in code: String) -> Set<String> {
        var found: Set<String> = []
        var word = ""
        var afterDot = false
        for c in code.unicodeScalars {
            if c.properties.isAlphabetic || c == "_" || (!word.isEmpty && ("0"..."9").contains(c)) {
                word.unicodeScalars.append(c)
                continue
            }
            if !word.isEmpty && !afterDot { found.insert(word) }
            afterDot = c == "."
            word = ""
        }
        if !word.isEmpty && !afterDot { found.insert(word) }
        return found
    }

    /// The compiler's diagnostics of `equations`' generated code stand on their check lines at columns of the
    /// generated code: each is moved to the binding whose Swift it names (`cannot find 'nowhere' in scope`), or to
    /// the start of the check line's value, and says it comes from the checked equation.
    static func relocate(_ diagnostics: [Diagnostic], in equations: [CheckedEquation]) -> [Diagnostic] {
        diagnostics.map { diagnostic in
            guard let location = diagnostic.location,
                let equation = equations.first(where: {
                    $0.checkLocation?.file == location.file
                        && $0.checkLocation?.line == location.line
                }),
                let check = equation.checkLocation, location.column >= check.column
            else { return diagnostic }
            var moved = diagnostic
            let quoted = diagnostic.message.split(separator: "'", omittingEmptySubsequences: false).enumerated()
                .filter { $0.offset % 2 == 1 }.map { String($0.element) }
            let binding = equation.bindings.first { binding in
                quoted.contains { !$0.isEmpty && Self.identifiers(in: binding.swift).contains($0) }
            }
            moved.location = binding?.swiftLocation ?? check
            if binding == nil { moved.message = Diagnostic.Message.inCheckedSwift(diagnostic.message).text }
            return moved
        }
    }
}

extension Diagnostic.Message {
    static func boundTwice(_ symbol: String, first: SourceLocation) -> Self {
        "'\(symbol)' is bound twice; first at \(first)"
    }
    static func freeIndexNotOver(_ index: String, over: [String]) -> Self {
        "index '\(index)' is free here but not in 'over: \(over.joined(separator: ", "))'"
    }
    static func whereNamesOtherIndex(
        _ condition: (first: String, second: String, equal: Bool), ranged indices: [String]
    ) -> Self {
        let comparison = "\(condition.first) \(condition.equal ? "==" : "!=") \(condition.second)"
        let ranged = indices.isEmpty ? "none" : indices.joined(separator: ", ")
        return "'where: \(comparison)' names an index the equation does not range over (\(ranged))"
    }
    static func indicesNeedLength(_ indices: [String]) -> Self {
        "the indices \(indices.joined(separator: ", ")) need a length: bind a vector, or 'n'"
    }
    static func inCheckedSwift(_ message: String) -> Self { "in the checked equation's Swift: \(message)" }
}
