import Diagnostics

/// Converts the LaTeX subset that numeric tutorials use into MathML, at build time, with no JavaScript.
///
/// The converter is strict: anything it does not know (a command, an environment, a misplaced `\tag`)
/// is a ``Diagnostic`` at its own line and column in the Markdown file, and then no MathML is produced.
/// When it returns, the MathML is always well-formed XML.
///
/// Supported: digits (`0.34` is one number), letters, `+ - * / = < > ( ) [ ] | , ; : ! . ...`; `^`, `_`, primes;
/// `\frac` `\dfrac` `\tfrac` `\cfrac` `\binom`; `\sqrt` `\sqrt[n]`; large operators (`\sum` `\prod` `\int` `\oint`
/// `\bigcup` …, with `\limits`/`\nolimits`, `\substack`); named functions (`\sin` `\exp` `\log` `\ln` `\lim`
/// `\max` `\min` `\arg` `\det` `\Pr` `\sup` `\liminf` …, `\operatorname{…}`, `\operatorname*{…}`); Greek letters
/// and variants; symbols, relations, arrows, logic and dots (`\partial` `\nabla` `\infty` `\le` `\approx` `\in`
/// `\to` `\mapsto` `\forall` `\cdots` `\vdots` …, `\not`); `\left … \middle … \right` (`.` for none),
/// `\big` … `\Bigg` with `l`/`r`/`m`; fonts (`\mathbf` `\mathrm` `\mathit` `\mathcal` `\mathbb` `\mathfrak`
/// `\mathsf` `\mathtt` `\boldsymbol`), accents (`\hat` `\bar` `\tilde` `\vec` `\dot` `\ddot` `\widehat`
/// `\overline` `\underline` `\overbrace` `\underbrace`, `\overset` `\underset` `\stackrel`); `\text{…}` (with
/// `$…$` inside) and `\textbf` …; spacing (`\,` `\:` `\;` `\quad` `\qquad` `\!` `~`); `\displaystyle`
/// `\textstyle`; environments `matrix` `pmatrix` `bmatrix` `Bmatrix` `vmatrix` `Vmatrix` `smallmatrix` `cases`
/// `aligned` `split` `gathered` `array`, and `align`/`align*` as a whole display equation; `\tag{…}` `\tag*{…}`
/// `\label{…}` `\eqref{…}` `\ref{…}` `\notag`; `\swift{expr}`; `%` comments.
///
/// Positions: inside the equation, lines are counted at each `\n` from the given location, and columns count
/// Unicode scalars (an `é` or a `∑` is one column), as the Markdown layer counts them.
public struct MathMLConverter: Sendable {
    public init() {}

    /// Converts one equation.
    ///
    /// - Parameters:
    ///   - tex: the text between the delimiters (`$…$` or `$$…$$`), byte for byte.
    ///   - display: `true` for display math (`<math display="block">`, limits under and over), `false` inline.
    ///   - location: the position of the first character of `tex` in the Markdown file.
    ///   - context: the page's equation labels (for `\eqref`) and its evaluator (for `\swift{…}`).
    /// - Returns: a complete `<math>` element, the equation's tag if it has one, and the anchor ids it defines.
    /// - Throws: every problem found, each at its own position.
    public func convert(
        _ tex: String, display: Bool, at location: SourceLocation, context: MathContext = MathContext()
    ) throws(DiagnosticList) -> RenderedMath {
        var parser = Parser(tex, display: display, at: location, context: context, collectingLabels: false)
        let result = parser.parseEquation()
        guard parser.diagnostics.isEmpty, let result else {
            throw DiagnosticList(parser.diagnostics)
        }
        var xml: [UInt8] = []
        xml.reserveCapacity(tex.utf8.count * 16 + 64)
        xml.append(contentsOf: (display ? "<math display=\"block\"" : "<math").utf8)
        if result.tagged { xml.append(contentsOf: " class=\"tagged\" style=\"position:relative\"".utf8) }
        xml.append(UInt8(ascii: ">"))
        for node in result.nodes { node.write(to: &xml) }
        xml.append(contentsOf: "</math>".utf8)
        return RenderedMath(
            mathml: String(decoding: xml, as: UTF8.self), tag: result.tags.compactMap { $0 }.first, tags: result.tags,
            anchors: result.anchors)
    }

    /// The labels one display equation defines (`\label{…}` with the `\tag{…}` of the same line), in order.
    ///
    /// Call it on every display equation of a page first, so that an `\eqref` can point forward, then build the
    /// page's context with ``MathContext/init(collecting:computed:)``. It does not evaluate `\swift{…}` and does
    /// not resolve `\eqref`. It throws only label and tag problems (a label without a tag, a label twice, a
    /// second tag on a line, a tag in inline math); ``convert(_:display:at:context:)`` reports those as well as
    /// everything else, so a caller that runs both should not convert an equation whose labels failed (its
    /// problems are already reported), and convert all the others.
    public func equationLabels(
        in tex: String, display: Bool = true, at location: SourceLocation
    ) throws(DiagnosticList) -> [EquationLabel] {
        // Only \tag and \label make labels: most math (all inline math) needs no parse here.
        guard tex.utf8.contains(UInt8(ascii: "\\")), tex.contains("\\tag") || tex.contains("\\label") else { return [] }
        var parser = Parser(tex, display: display, at: location, context: MathContext(), collectingLabels: true)
        let result = parser.parseEquation()
        let labelProblems = parser.diagnostics.filter { parser.labelDiagnostics.contains($0) }
        if !labelProblems.isEmpty { throw DiagnosticList(labelProblems) }
        return result?.labels ?? parser.labelsSoFar
    }
}

/// What a page supplies to its equations.
public struct MathContext {
    /// Labels of the page's display equations, by name, for `\eqref{name}`. An unknown name is an error.
    public var labels: [String: EquationLabel]
    /// Evaluates the expression of `\swift{expr}` (given with the position of its first character) and returns
    /// its value, already formatted with the page's digits. `nil`: `\swift{…}` is an error.
    public var computed: ((String, SourceLocation) throws(DiagnosticList) -> MathValue)?

    public init(
        labels: [String: EquationLabel] = [:],
        computed: ((String, SourceLocation) throws(DiagnosticList) -> MathValue)? = nil
    ) {
        self.labels = labels
        self.computed = computed
    }

    /// A context holding `labels` (typically everything ``MathMLConverter/equationLabels(in:display:at:)``
    /// found on a page). A label name or anchor defined twice is an error at the second definition.
    public init(
        collecting labels: [EquationLabel],
        computed: ((String, SourceLocation) throws(DiagnosticList) -> MathValue)? = nil
    ) throws(DiagnosticList) {
        var byName: [String: EquationLabel] = [:]
        var byAnchor: [String: EquationLabel] = [:]
        var problems: [Diagnostic] = []
        for label in labels {
            if let first = byName[label.name] {
                problems.append(.error(at: label.location, .duplicateLabel(label.name, firstAt: "\(first.location)")))
            } else if let first = byAnchor[label.anchor] {
                problems.append(
                    .error(
                        at: label.location,
                        .sameAnchor(label.name, anchor: label.anchor, as: first.name, at: "\(first.location)")))
            } else {
                byName[label.name] = label
                byAnchor[label.anchor] = label
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        self.init(labels: byName, computed: computed)
    }
}

/// A computed value placed into an equation by `\swift{…}`; numbers are already formatted.
public enum MathValue: Sendable, Hashable {
    /// One number, as text (`"0.349"`, `"-2"`); a leading `-` becomes a minus sign.
    case number(String)
    /// A column vector, rendered as a one-column `pmatrix`.
    case vector([String])
    /// A matrix given row by row, rendered as a `pmatrix`.
    case matrix([[String]])
}

/// A numbered equation's label: `\label{name}` together with the `\tag{…}` of its line.
public struct EquationLabel: Sendable, Hashable {
    /// The label as written, e.g. `eq:softmax`.
    public var name: String
    /// The tag's text, e.g. `1` for `\tag{1}`; references show it in parentheses.
    public var tag: String
    /// Where `\label` is written.
    public var location: SourceLocation

    public init(name: String, tag: String, location: SourceLocation) {
        self.name = name
        self.tag = tag
        self.location = location
    }

    /// The element id of the equation: see ``anchor(for:)``.
    public var anchor: String { Self.anchor(for: name) }

    /// What a reference shows: the tag in parentheses, `(1)`.
    public var referenceText: String { "(\(tag))" }

    /// The element id for label `name`: every character other than ASCII letters, digits, `-` and `_`
    /// becomes `-`, and `eq-` is put in front unless it is already there. `eq:softmax` → `eq-softmax`,
    /// `softmax` → `eq-softmax`, `fig:a b` → `eq-fig-a-b`.
    public static func anchor(for name: String) -> String {
        var id = ""
        for scalar in name.unicodeScalars {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_": id.unicodeScalars.append(scalar)
            default: id += "-"
            }
        }
        return id.hasPrefix("eq-") ? id : "eq-" + id
    }
}

/// The result of converting one equation.
public struct RenderedMath: Sendable, Hashable {
    /// A complete `<math>…</math>` element; `display="block"` for display math.
    public var mathml: String
    /// The equation's tag text (`1` for `\tag{1}`), the first line's for a multi-line `align`.
    public var tag: String?
    /// Every line's tag, in order (`nil` for untagged lines); one entry for a single-line equation.
    public var tags: [String?]
    /// Element ids defined inside `mathml`, one per `\label`, in order (see ``EquationLabel/anchor(for:)``).
    public var anchors: [String]

    public init(mathml: String, tag: String?, tags: [String?] = [], anchors: [String] = []) {
        self.mathml = mathml
        self.tag = tag
        self.tags = tags
        self.anchors = anchors
    }
}

extension Diagnostic.Message {
    /// Label `name` whose anchor is `anchor`, the anchor of label `other` defined at `place`.
    static func sameAnchor(_ name: String, anchor: String, as other: String, at place: String) -> Self {
        "label '\(name)' has the same anchor '\(anchor)' as '\(other)' at \(place)"
    }
}
