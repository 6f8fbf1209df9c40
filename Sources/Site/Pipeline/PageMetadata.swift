import Diagnostics
import Evaluator
import Markdown

/// What a page's front matter says about it. Unknown keys are errors, so a typo never passes silently.
public struct PageMetadata: Sendable, Equatable {
    public var title: String?
    public var order: Int?
    public var digits: Int = NumberFormat.defaultDigits
    public var draft = false
    public var author: String?
    public var date: String?
    public var description: String?
    /// Seconds the page's program may run (overrides `literate build --timeout`).
    public var timeout: Double?

    /// NumPy prints eight digits by default; so do we.
    static let knownKeys = ["title", "order", "digits", "draft", "author", "date", "description", "timeout"]

    public init() {}

    /// Reads the front matter, reporting every unknown key or ill-typed value at its line.
    static func read(_ frontMatter: FrontMatter) -> Diagnosed<PageMetadata> {
        var metadata = PageMetadata()
        var diagnostics: [Diagnostic] = []
        var unknown = UnknownKeys(
            "front matter key", known: knownKeys, total: frontMatter.entries.count { !knownKeys.contains($0.key) })
        for entry in frontMatter.entries {
            func expected(_ what: String) {
                diagnostics.append(.error(at: entry.location, .frontMatterValue(entry.key, mustBe: what)))
            }
            switch entry.key {
            case "title": metadata.title = frontMatter.string(entry.key)
            case "author": metadata.author = frontMatter.string(entry.key)
            case "date": metadata.date = frontMatter.string(entry.key)
            case "description": metadata.description = frontMatter.string(entry.key)
            case "order":
                if case .int(let order) = entry.value { metadata.order = order } else { expected("an integer") }
            case "digits":
                if case .int(let digits) = entry.value, NumberFormat.digitsRange.contains(digits) {
                    metadata.digits = digits
                } else {
                    expected(NumberFormat.digitsRequirement)
                }
            case "timeout":
                switch entry.value {
                case .int(let seconds) where seconds > 0: metadata.timeout = Double(seconds)
                case .double(let seconds) where seconds > 0 && seconds.isFinite: metadata.timeout = seconds
                default: expected("a number of seconds above 0")
                }
            case "draft":
                if case .bool(let draft) = entry.value { metadata.draft = draft } else { expected("true or false") }
            default:
                if let diagnostic = unknown.report(entry.key, at: entry.location) { diagnostics.append(diagnostic) }
            }
        }
        return (metadata, diagnostics)
    }
}

extension Diagnostic.Message {
    static func frontMatterValue(_ key: String, mustBe what: String) -> Self { "front matter '\(key)' must be \(what)" }
}
