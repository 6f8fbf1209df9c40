extension SwiftTranslation {
    /// What each of `names` is, judged by how `tex` uses it, for bindings whose author did not say: applied
    /// (`\sigma(z)`) is a function, with two indices (`J_{ij}`) a matrix, with one (`z_i`, `\partial z_j`) a vector,
    /// otherwise a scalar. The strongest use wins, in that order. A name the equation does not use, or uses only as a
    /// whole argument of a function, has no entry.
    ///
    /// - Parameters:
    ///   - tex: the equation.
    ///   - names: symbols as written in LaTeX (`z`, `\sigma`, `\mathrm{softmax}`, which also matches
    ///     `\operatorname{softmax}`).
    public static func inferredKinds(in tex: String, names: [String]) -> [String: EquationBindings.Kind] {
        let tokens = (try? tokenize(Array(tex.unicodeScalars))) ?? []
        var kinds: [String: EquationBindings.Kind] = [:]
        for name in names {
            var spellings = [name]
            for (a, b) in [("\\mathrm{", "\\operatorname{"), ("\\operatorname{", "\\mathrm{")] where name.hasPrefix(a) {
                spellings.append(b + name.dropFirst(a.count))
            }
            let patterns = spellings.compactMap { try? tokenize(Array($0.unicodeScalars)) }.filter { !$0.isEmpty }
            var strongest = -1
            for start in tokens.indices {
                for pattern in patterns where start + pattern.count <= tokens.count {
                    let matches = zip(pattern, tokens[start...]).allSatisfy { $0.kind == $1.kind && $0.text == $1.text }
                    guard matches else { continue }
                    // A letter inside a longer command's name (`\mathrm{y…}`) is not the symbol.
                    if pattern.count == 1, pattern[0].kind == .letter, start > 0,
                        tokens[start - 1].kind == .symbol, tokens[start - 1].text == "{", start >= 2,
                        tokens[start - 2].kind == .command,
                        ["mathrm", "operatorname", "text", "mathit", "mathbf"].contains(tokens[start - 2].text)
                    {
                        continue
                    }
                    // A whole argument (`\mathrm{lse}(z)`) says nothing of what it is.
                    let end = start + pattern.count
                    if start > 0, [",", "("].contains(tokens[start - 1].text), end < tokens.count,
                        [",", ")"].contains(tokens[end].text)
                    {
                        continue
                    }
                    strongest = max(strongest, use(after: end, in: tokens))
                }
            }
            if strongest >= 0 { kinds[name] = [EquationBindings.Kind.scalar, .vector, .matrix, .function][strongest] }
        }
        return kinds
    }

    /// 3 when the token at `index` applies a function, 2 when it gives two indices, 1 for one, 0 otherwise.
    private static func use(after index: Int, in tokens: [Token]) -> Int {
        guard index < tokens.count else { return 0 }
        let next = tokens[index]
        if next.kind == .symbol && next.text == "(" { return 3 }
        if next.kind == .command && next.text == "left" { return 3 }
        guard next.kind == .symbol && next.text == "_", index + 1 < tokens.count else { return 0 }
        let first = tokens[index + 1]
        guard first.kind == .symbol && first.text == "{" else { return 1 }
        var letters = 0
        var scan = index + 2
        while scan < tokens.count, !(tokens[scan].kind == .symbol && tokens[scan].text == "}") {
            guard tokens[scan].kind == .letter || tokens[scan].kind == .command else { return 1 }
            letters += 1
            scan += 1
        }
        return letters == 2 ? 2 : 1
    }
}
