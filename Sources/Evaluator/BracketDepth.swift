// The lexer swift-syntax's parser reads its tokens from: exactly its strings, comments and regular
// expression literals, so that no bracket is counted that the parser does not see, and none it sees is
// missed. (SPI: swift-syntax's own tests use it; the package's version is pinned.)
import Diagnostics
@_spi(Testing) import SwiftParser
@_spi(RawSyntax) import SwiftSyntax

/// Code that swift-syntax's parser would take far too long to read, found before it reads it.
///
/// The parser decides what a `[` opens in an expression (an array literal, or a type such as
/// `[Int]()` or `[3 of Int]`) by looking ahead as far as the tokens after it could still be a type:
/// names, `.`, `,`, `:`, brackets, parentheses, `<…>`, `?`, `!`, `&`, `->`. Each `[` nested in that
/// stretch doubles the look-ahead (it is tried as two kinds of type), and each `<` read as the start of
/// generic arguments looks ahead over the rest of the stretch again. Measured on a debug build:
/// `[` nested 12 deep takes 0.07 s, 16 deep 1.5 s, 20 deep 19 s; six `[` around a chain `a.a.…` of 4,000
/// names 7.4 s; `a<a<…>>()` 400 deep 1.5 s. Other brackets, and anything in strings, comments and
/// regular expressions, cost nothing of the kind.
///
/// So the code is lexed with the parser's own lexer and split into *stretches* of such type-like
/// tokens (any other token, such as a number, an operator, `=`, `{` or a string, ends one). A stretch
/// with `N` tokens other than square brackets, in which `[` nests `D` deep and `<` `G` deep, costs about
/// `(1 + N) × 2^D × (1 + G)` look-ahead steps (each about 16 µs on a debug build). Code is refused when
/// its square brackets nest more than ``limit`` deep anywhere, or when its stretches together cost more
/// than ``budget`` plus ``stepsPerToken`` per token: the parse then takes time linear in the code's
/// length, and at most about 0.3 s more than that. Hand-written code stays far below both: `[` nested
/// 12 deep costs 4,096 steps, and a matrix of names `[[a, b], [c, d], …]` 3 steps per token.
///
/// Anything else that parses Swift with swift-syntax (highlighting, for one) should ask ``problem(in:)``
/// first, and treat code it refuses as plain text.
public enum BracketDepth {
    public static let limit = 12
    /// Look-ahead steps allowed to any code, and more per token of it.
    static let budget = 1 << 14
    static let stepsPerToken = 4

    public enum Problem: Equatable, Sendable {
        /// A `[` nested deeper than ``limit``, at this UTF-8 offset.
        case tooDeep(Int)
        /// The look-ahead budget is spent at the token at this UTF-8 offset.
        case tooComplex(Int)

        /// The UTF-8 offset in the code where the problem is.
        public var offset: Int {
            switch self {
            case .tooDeep(let offset), .tooComplex(let offset): return offset
            }
        }

        /// What to tell the author.
        public var message: Diagnostic.Message {
            switch self {
            case .tooDeep: return .bracketsNestTooDeep
            case .tooComplex: return .codeTooComplexToParse
            }
        }
    }

    /// The UTF-8 offset of the first `[` nested deeper than `limit`, or of the token where the look-ahead
    /// budget runs out, if any.
    static func firstTooDeep(in code: String, limit: Int = limit) -> Int? {
        problem(in: code, limit: limit)?.offset
    }

    /// Why swift-syntax should not parse `code`, or nil when it may.
    public static func problem(in code: String, limit: Int = limit) -> Problem? {
        var bytes = Array(code.utf8)
        // Without `[` or `<` no stretch costs more than one step per token.
        guard bytes.contains(where: { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "<") }) else { return nil }
        let tokens = bytes.withUnsafeMutableBufferPointer { buffer in
            lex(UnsafeBufferPointer(buffer))
        }
        let allowed = budget + stepsPerToken * tokens.count
        var spent = 0
        var depth = 0  // of `[` in all the code
        var stretch = Stretch()
        for (index, token) in tokens.enumerated() {
            switch token.kind {
            case .leftSquare:
                depth += 1
                if depth > limit { return .tooDeep(token.offset) }
            case .rightSquare:
                depth = max(0, depth - 1)
            default:
                break
            }
            let next = index + 1 < tokens.count ? tokens[index + 1] : nil
            if stretch.continues(with: token, next: next, in: bytes) {
                // The stretch's cost so far, counted in full at each token: `spent` plus it bounds the total.
                if spent + stretch.cost > allowed { return .tooComplex(token.offset) }
            } else {
                spent += stretch.cost
                stretch = Stretch()
            }
        }
        return nil
    }

    /// A token's kind, where its text starts, and its length.
    struct Token {
        var kind: RawTokenKind
        var offset: Int
        var length: Int
    }

    /// The tokens of `code` as swift-syntax's parser reads them (without comments and other trivia).
    static func lex(_ code: UnsafeBufferPointer<UInt8>) -> [Token] {
        guard !code.isEmpty else { return [] }
        var tracker = LookaheadTracker()
        return withUnsafeMutablePointer(to: &tracker) { tracker in
            var tokens: [Token] = []
            var offset = 0
            for lexeme in Lexer.tokenize(code, lookaheadTracker: tracker, experimentalFeatures: []) {
                if lexeme.rawTokenKind == .endOfFile { break }
                let start = offset + lexeme.leadingTriviaText.count
                tokens.append(Token(kind: lexeme.rawTokenKind, offset: start, length: lexeme.tokenText.count))
                offset += lexeme.byteLength
            }
            return tokens
        }
    }

    /// A run of type-like tokens: how many are not square brackets, and how deeply `[` and `<` nest.
    struct Stretch {
        var length = 0
        var squareDepth = 0
        var maximumSquareDepth = 0
        var angleDepth = 0
        var maximumAngleDepth = 0

        /// `(1 + N) × 2^D × (1 + G)`, saturating.
        var cost: Int {
            let (product, overflow) = (1 + length).multipliedReportingOverflow(by: 1 + maximumAngleDepth)
            guard !overflow, maximumSquareDepth < 40 else { return Int.max / 2 }
            let (result, overflow2) = product.multipliedReportingOverflow(by: 1 << maximumSquareDepth)
            return overflow2 ? Int.max / 2 : min(result, Int.max / 2)
        }

        /// Adds `token` if it may continue a type, and says whether it did.
        mutating func continues(with token: Token, next: Token?, in bytes: [UInt8]) -> Bool {
            func text(_ token: Token) -> ArraySlice<UInt8> { bytes[token.offset..<(token.offset + token.length)] }
            switch token.kind {
            case .identifier, .keyword, .wildcard, .period, .comma, .colon, .leftParen, .rightParen, .arrow,
                .atSign, .ellipsis, .exclamationMark, .postfixQuestionMark, .infixQuestionMark, .prefixAmpersand,
                .backtick, .pound:
                break
            case .leftSquare:
                squareDepth += 1
                maximumSquareDepth = max(maximumSquareDepth, squareDepth)
                return true
            case .rightSquare:
                squareDepth = max(0, squareDepth - 1)
                return true
            case .integerLiteral:
                // `[3 of Int]`, or a value generic argument `Vector<3, Int>`; elsewhere a number ends a type.
                let of =
                    next.map { $0.kind == .identifier || $0.kind == .keyword } == true
                    && next.map { text($0).elementsEqual("of".utf8) } == true
                guard of || angleDepth > 0 else { return false }
            case .leftAngle:
                angleDepth += 1
                maximumAngleDepth = max(maximumAngleDepth, angleDepth)
            case .rightAngle:
                angleDepth = max(0, angleDepth - 1)
            case .binaryOperator, .prefixOperator, .postfixOperator:
                // `<` may open generic arguments and `>` close them; `&`, `?`, `!` and `~` (as in `~Copyable`)
                // may be part of a type; other operators cannot.
                let operatorText = text(token)
                if operatorText.allSatisfy({ $0 == UInt8(ascii: "<") }) {
                    angleDepth += operatorText.count
                    maximumAngleDepth = max(maximumAngleDepth, angleDepth)
                } else if operatorText.allSatisfy({ $0 == UInt8(ascii: ">") }) {
                    angleDepth = max(0, angleDepth - operatorText.count)
                } else if !operatorText.allSatisfy({ "&?!~".utf8.contains($0) }) {
                    return false
                }
            default:
                return false
            }
            length += 1
            return true
        }
    }
}

extension Diagnostic.Message {
    static let bracketsNestTooDeep: Self =
        "square brackets nested more than \(BracketDepth.limit) deep: build the value in steps"
    static let codeTooComplexToParse = Self(
        "brackets, generic arguments and names nest here in a way the Swift parser would take too "
            + "long to read: build the value in steps")
}
