import SwiftSyntax

/// Finds the parser's error nodes (missing and unexpected tokens) and words them as diagnostics, positioned
/// where the missing piece belongs or where the unexpected text starts.
final class SyntaxErrorFinder: SyntaxVisitor {
    private(set) var errors: [StaticError] = []
    private var seenOffsets: Set<Int> = []

    init() {
        super.init(viewMode: .all)
    }

    static func errors(in tree: some SyntaxProtocol) -> [StaticError] {
        let finder = SyntaxErrorFinder()
        finder.walk(tree)
        return finder.errors.sorted { $0.at < $1.at }
    }

    override func visit(_ node: UnexpectedNodesSyntax) -> SyntaxVisitorContinueKind {
        let text = node.trimmedDescription
        let at = node.positionAfterSkippingLeadingTrivia.utf8Offset
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        record(at, text.isEmpty ? "unexpected code" : "unexpected code '\(shown)'")
        return .skipChildren
    }

    override func visit(_ token: TokenSyntax) -> SyntaxVisitorContinueKind {
        guard token.presence == .missing else { return .skipChildren }
        // A missing piece belongs right after the previous token, before its trailing spaces.
        let at =
            token.previousToken(viewMode: .sourceAccurate)?.endPositionBeforeTrailingTrivia.utf8Offset
            ?? token.position.utf8Offset
        if token.tokenKind == .semicolon {
            record(at, "consecutive statements on a line must be separated by ';'")
        } else {
            record(at, "expected \(describeMissing(token))")
        }
        return .skipChildren
    }

    private func describeMissing(_ token: TokenSyntax) -> String {
        if let parent = token.parent {
            if parent.is(MissingExprSyntax.self) { return "expression" }
            if parent.is(MissingDeclSyntax.self) { return "declaration" }
            if parent.is(MissingPatternSyntax.self) { return "pattern" }
            if parent.is(MissingTypeSyntax.self) { return "type" }
            if parent.is(MissingStmtSyntax.self) { return "statement" }
        }
        switch token.tokenKind {
        case .identifier: return "name"
        case .integerLiteral, .floatLiteral: return "number"
        default: return token.text.isEmpty ? "token" : "'\(token.text)'"
        }
    }

    private func record(_ at: Int, _ message: String) {
        // One error per position: a missing ')' often drags further missing pieces with it.
        guard seenOffsets.insert(at).inserted else { return }
        errors.append(StaticError(at: at, message: message))
    }
}
