/// A problem found in an author's input, carried as a value from the stage that found it
/// up to the command line, which alone prints it.
///
/// Every target reports problems one way:
/// - A step that still gives a result after a problem (a parse that recovers, a page whose
///   block failed) returns ``Diagnosed``: its value together with the diagnostics it collected.
/// - A step that cannot give its result throws ``DiagnosticList`` (typed `throws`).
/// - Error types of a target's own (a parser's early exit) stay inside it and become diagnostics
///   at its public functions; `Result` only keeps a thrown outcome for later (a concurrent map, a
///   cached lookup). Nothing is caught and dropped: a `catch` either reports or says why not.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error, warning, note
    }

    public var severity: Severity
    public var location: SourceLocation?
    public var message: String

    public init(_ severity: Severity = .error, at location: SourceLocation?, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    public static func error(at location: SourceLocation?, _ message: String) -> Diagnostic {
        Diagnostic(.error, at: location, message)
    }

    public static func warning(at location: SourceLocation?, _ message: String) -> Diagnostic {
        Diagnostic(.warning, at: location, message)
    }

    public init(_ severity: Severity = .error, at location: SourceLocation?, _ message: Message) {
        self.init(severity, at: location, message.text)
    }

    public static func error(at location: SourceLocation?, _ message: Message) -> Diagnostic {
        Diagnostic(.error, at: location, message)
    }

    public static func warning(at location: SourceLocation?, _ message: Message) -> Diagnostic {
        Diagnostic(.warning, at: location, message)
    }

    /// Whether this diagnostic's words are `message`'s.
    public func says(_ message: Message) -> Bool { self.message == message.text }

    /// What a diagnostic says, named in the file that reports it (`extension Diagnostic.Message {
    /// static func unknownKey(…) }` beside the check), so that tests refer to the name, not a copy of
    /// the words.
    public struct Message: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
        public var text: String

        public init(_ text: String) { self.text = text }
        public init(stringLiteral text: String) { self.text = text }
        public var description: String { text }
    }

    /// `path:line:col: error: message`, the form editors and CI tools parse.
    public var description: String {
        if let location {
            return "\(location): \(severity.rawValue): \(message)"
        }
        return "\(severity.rawValue): \(message)"
    }
}

/// Several diagnostics thrown at once, so every problem is reported, not only the first.
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

/// A result together with the problems found while making it (see ``Diagnostic``): destructure it as
/// `let (page, diagnostics) = Page.parse(…)`.
public typealias Diagnosed<Value> = (value: Value, diagnostics: [Diagnostic])

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
