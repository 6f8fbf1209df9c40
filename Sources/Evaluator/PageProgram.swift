import Diagnostics
import SwiftParser

/// A piece of a page's code, in reading order: a `{swift}` block, or one expression from prose
/// (`` `{swift} expr` ``) or math (`\swift{expr}`).
public struct CodePiece: Sendable {
    public enum Kind: Sendable {
        case block
        /// One expression, optionally followed by `→ stated`.
        case inline
    }

    public var kind: Kind
    public var code: String
    /// The Markdown position of the code's first character; code line L, column C is Markdown line
    /// `origin.line + L - 1`, column `origin.column + C - 1`.
    public var origin: SourceLocation

    public init(kind: Kind, code: String, origin: SourceLocation) {
        self.kind = kind
        self.code = code
        self.origin = origin
    }
}

/// One Swift program made of a page's pieces: the source of `main.swift`, and what each of its lines
/// and recorded values stands for in the Markdown file.
///
/// Every line of the author's code keeps its Markdown column (it is padded with spaces to where it
/// stands in the file), so a compiler column is a Markdown column; the lines literate adds (statement
/// markers, the opening of a value's record) stand on lines of their own, so no author line moves. A top-
/// level expression `e` becomes
///
///     _Literate.step(7); _Literate.record(3,
///     e)
///
/// and any other statement is preceded by its `step` marker.
public struct PageProgram: Sendable {
    /// What a line of `main.swift` is.
    enum Line: Sendable {
        /// Prologue and epilogue.
        case scaffold
        /// A marker literate added before the author's statement at `location`.
        case added(SourceLocation)
        /// A line of the author's code at this Markdown line.
        case code(line: Int)
    }

    /// A top-level expression whose value is recorded.
    struct Expression: Sendable {
        var piece: Int
        var location: SourceLocation
        var source: String
        var stated: StatedValue?
    }

    let file: String
    let pieces: [CodePiece]
    /// The program's source, `main.swift`.
    public private(set) var source = ""
    private(set) var lines: [Line] = []
    /// The UTF-8 offset in `source` where each of `lines` starts.
    private var lineStarts: [Int] = []
    private(set) var expressions: [Expression] = []
    /// The Markdown position and piece of each statement marker, by id.
    private(set) var statements: [(piece: Int, location: SourceLocation)] = []
    /// Each block piece's scan (nil for inline pieces and pieces not run).
    private(set) var scans: [BlockScan?] = []
    /// Problems found before compiling (stated values that cannot be read or belong to nothing), per piece.
    private(set) var diagnostics: [[Diagnostic]] = []
    /// Each inline piece's stated value.
    private(set) var inlineStated: [StatedValue?] = []

    /// The program of `pieces`, the code of the page at `file` in reading order.
    public init(file: String, pieces: [CodePiece]) {
        self.pieces = pieces
        self.file = file
        emit("import LiteratePage", as: .scaffold)
        emit("_Literate.start()", as: .scaffold)
        for (index, piece) in pieces.enumerated() {
            if let refused = Self.tooDeeplyNested(piece) {
                scans.append(nil)
                inlineStated.append(nil)
                diagnostics.append([refused])
                continue
            }
            switch piece.kind {
            case .block: add(block: piece, index: index)
            case .inline: add(inline: piece, index: index)
            }
        }
        emit("_Literate.finish()", as: .scaffold)
    }

    // MARK: Mapping back

    /// Whether the page has any code to run (a page without it is not compiled at all).
    public var isEmpty: Bool { pieces.isEmpty }

    /// Where page-wide problems are reported: the first piece of code.
    var firstLocation: SourceLocation {
        pieces.first?.origin ?? SourceLocation(file: file, line: 1, column: 1)
    }

    /// The Markdown position of a compiler position in `main.swift` (1-based line, UTF-8 column).
    func location(line: Int, utf8Column: Int) -> SourceLocation? {
        // The end of the file (after its last newline) is the end of its last line.
        if line == lines.count + 1, line > 1 {
            return location(line: line - 1, utf8Column: sourceLine(line - 2).utf8.count + 1)
        }
        guard line >= 1, line <= lines.count else { return nil }
        switch lines[line - 1] {
        case .scaffold: return nil
        case .added(let location): return location
        case .code(let markdownLine):
            let text = sourceLine(line - 1).utf8
            let prefix = text.prefix(max(utf8Column - 1, 0))
            let column = String(decoding: prefix, as: UTF8.self).unicodeScalars.count + 1
            return SourceLocation(file: file, line: markdownLine, column: column)
        }
    }

    /// The UTF-8 column of the first non-blank character of `main.swift`'s `line`.
    func firstCodeColumn(line: Int) -> Int {
        guard line >= 1, line <= lines.count else { return 1 }
        return sourceLine(line - 1).utf8.prefix { $0 == UInt8(ascii: " ") }.count + 1
    }

    /// Line `index` (0-based) of `main.swift`, found through `lineStarts`: the compiler may report
    /// thousands of diagnostics, and splitting the whole program for each took time quadratic in them.
    private func sourceLine(_ index: Int) -> Substring {
        let utf8 = source.utf8
        let end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : utf8.count - 1
        return source[
            utf8.index(utf8.startIndex, offsetBy: lineStarts[index])..<utf8.index(utf8.startIndex, offsetBy: end)]
    }

    /// Pieces left out of the program for their syntax errors, each as a program of its own (the code
    /// alone, in place) that the compiler only parses, to report the errors in its own words.
    public private(set) var excludedPieces: [PageProgram] = []
    /// swift-syntax's account of each excluded piece's errors, for when the compiler cannot be asked.
    private(set) var excludedFallback: [[Diagnostic]] = []

    /// `piece` alone, padded to its Markdown position, with nothing added.
    private init(file: String, verbatim piece: CodePiece) {
        self.file = file
        self.pieces = [piece]
        emitCode(piece.code, at: piece.origin, indent: piece.origin.column - 1)
    }

    private mutating func exclude(_ piece: CodePiece, fallback: [Diagnostic]) {
        excludedPieces.append(PageProgram(file: file, verbatim: piece))
        excludedFallback.append(fallback)
    }

    // MARK: Building

    private mutating func emit(_ text: String, as line: Line) {
        lineStarts.append(source.utf8.count)
        source += text
        source += "\n"
        lines.append(line)
    }

    /// Emits the author's `text`, which starts at Markdown `location`, padding its first line to its
    /// column and the following ones by `indent` (the block's own indentation in the Markdown file).
    /// `suffix` goes right after the last character, on the same line.
    private mutating func emitCode(_ text: String, at location: SourceLocation, indent: Int, suffix: String = "") {
        let codeLines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, line) in codeLines.enumerated() {
            let padding = String(repeating: " ", count: offset == 0 ? location.column - 1 : indent)
            let end = offset == codeLines.count - 1 ? suffix : ""
            emit(padding + line + end, as: .code(line: location.line + offset))
        }
    }

    private mutating func marker(piece: Int, at location: SourceLocation) -> String {
        statements.append((piece, location))
        return "_Literate.step(\(statements.count - 1))"
    }

    private mutating func add(block piece: CodePiece, index: Int) {
        let scan = BlockScan(code: piece.code, origin: piece.origin)
        scans.append(scan)
        diagnostics.append(scan.diagnostics)
        inlineStated.append(nil)
        let indent = piece.origin.column - 1
        guard !scan.tree.hasError else {
            exclude(piece, fallback: scan.syntaxErrors)
            return
        }
        for item in scan.items {
            let location = scan.map.location(item.start)
            let text = scan.text(item)
            switch item.kind {
            case .importDeclaration:
                emitCode(text, at: location, indent: indent)
            case .expression:
                let id = expressions.count
                expressions.append(Expression(piece: index, location: location, source: text, stated: item.stated))
                emit(marker(piece: index, at: location) + "; _Literate.record(\(id),", as: .added(location))
                emitCode(text, at: location, indent: indent, suffix: ")")
            case .statementExpression, .other:
                emit(marker(piece: index, at: location), as: .added(location))
                emitCode(text, at: location, indent: indent)
            }
        }
    }

    /// The error for code whose brackets nest too deeply for swift-syntax (see ``BracketDepth``).
    private static func tooDeeplyNested(_ piece: CodePiece) -> Diagnostic? {
        guard let problem = BracketDepth.problem(in: piece.code) else { return nil }
        return .error(
            at: SourceMap(code: piece.code, origin: piece.origin).location(problem.offset), problem.message)
    }

    private mutating func add(inline piece: CodePiece, index: Int) {
        let scan = InlineScan(code: piece.code, origin: piece.origin)
        scans.append(nil)
        inlineStated.append(scan.stated)
        var problems = scan.diagnostics
        let trimmed = scan.expression.drop { $0 == " " }
        let expression = String(trimmed.reversed().drop { $0 == " " }.reversed())
        let tree = Parser.parse(source: scan.expression)
        guard !tree.hasError else {
            diagnostics.append(problems)
            var expressionOnly = piece
            expressionOnly.code = scan.expression
            exclude(
                expressionOnly,
                fallback: BlockScan.syntaxErrors(in: tree, SourceMap(code: scan.expression, origin: piece.origin)))
            return
        }
        guard tree.statements.count == 1, case .expr = tree.statements.first?.item, !expression.contains("\n") else {
            problems.append(.error(at: piece.origin, .inlineCodeNotOneExpression))
            diagnostics.append(problems)
            return
        }
        diagnostics.append(problems)
        let leading = scan.expression.utf8.count - trimmed.utf8.count
        let location = piece.origin.advanced(
            columns: String(decoding: scan.expression.utf8.prefix(leading), as: UTF8.self).count)
        let id = expressions.count
        expressions.append(Expression(piece: index, location: location, source: expression, stated: scan.stated))
        emit(marker(piece: index, at: location) + "; _Literate.record(\(id),", as: .added(location))
        emitCode(expression, at: location, indent: 0, suffix: ")")
    }
}

extension Diagnostic.Message {
    static let inlineCodeNotOneExpression: Self = "inline code must be one expression, such as 'softmax(z)[0]'"
}
