import Diagnostics
import Foundation
import Markdown
import Yams

/// What `Content/site.yml` says about the whole site. The file is optional; every key is optional.
///
/// ```yaml
/// title: Why softmax?            # the site's name, in the header and every page's <title>
/// description: A tutorial …      # under the site's name, and the pages' meta description by default
/// base-url: https://example.org/docs/   # where the site is published: enables sitemap.xml
/// language: en                   # the <html lang> of every page (BCP 47), default en
/// ```
///
/// Unknown keys and ill-typed values are errors at their `line:col`, so a typo never passes silently.
public struct SiteConfiguration: Sendable, Equatable {
    /// The site's name; without it, the index page's title (or "Documentation").
    public var title: String?
    public var description: String?
    /// The absolute `http(s)` URL the site is published at, always ending in `/`; nil when unknown,
    /// and then no `sitemap.xml` is written (sitemaps need absolute URLs).
    public var baseURL: String?
    /// The pages' language tag.
    public var language = "en"

    public static let fileName = "site.yml"
    static let knownKeys = ["title", "description", "base-url", "language"]

    public init(title: String? = nil, description: String? = nil, baseURL: String? = nil, language: String = "en") {
        self.title = title
        self.description = description
        self.baseURL = baseURL
        self.language = language
    }

    /// Reads `site.yml` from the content folder; no file gives the defaults. `baseURL` (from the command
    /// line) overrides the file's `base-url`.
    public static func load(contentDirectory: String, baseURL: String? = nil) -> Diagnosed<SiteConfiguration> {
        let path = (contentDirectory as NSString).appendingPathComponent(fileName)
        var (configuration, diagnostics) = (SiteConfiguration(), [Diagnostic]())
        if let data = FileInput.contents(atPath: path) {
            if let text = String(data: data, encoding: .utf8) {
                (configuration, diagnostics) = parse(text, file: path)
            } else {
                diagnostics.append(
                    .error(at: SourceLocation(file: path, line: 1, column: 1), .notUTF8))
            }
        }
        if let baseURL {
            if let url = normalizedBaseURL(baseURL) {
                configuration.baseURL = url
            } else {
                diagnostics.append(
                    .error(at: nil, .badBaseURLOption(baseURL)))
            }
        }
        return (configuration, diagnostics)
    }

    /// Parses the text of a `site.yml`; `file` names it in diagnostics.
    public static func parse(_ text: String, file: String) -> Diagnosed<SiteConfiguration> {
        var configuration = SiteConfiguration()
        var diagnostics: [Diagnostic] = []
        let at = { (mark: Mark?) in SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1) }
        let node: Node?
        do {
            // Anchors, aliases and merge keys are refused before composing: they could make the work explode.
            node = try SafeYAML.compose(text)
        } catch {
            let diagnostic = SafeYAML.diagnostic(for: error, subject: fileName) { line, column in
                SourceLocation(file: file, line: line, column: column)
            }
            return (configuration, [diagnostic])
        }
        guard let node else { return (configuration, []) }  // empty file
        guard let mapping = node.mapping else {
            return (configuration, [.error(at: at(node.mark), .configurationNotMapping)])
        }
        var seen: Set<String> = []
        var unknown = UnknownKeys(
            "\(fileName) key", known: knownKeys,
            total: mapping.keys.count { $0.scalar.map { !knownKeys.contains($0.string) } ?? false })
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                diagnostics.append(.error(at: at(keyNode.mark), .configurationKeyNotName))
                continue
            }
            guard seen.insert(key).inserted else {
                diagnostics.append(.error(at: at(keyNode.mark), .configurationDuplicateKey(key)))
                continue
            }
            let valueLocation = at(value.mark ?? keyNode.mark)
            guard let scalar = value.scalar, !(scalar.style == .plain && scalar.string.isEmpty) else {
                if knownKeys.contains(key) {
                    diagnostics.append(.error(at: valueLocation, .configurationValueNotText(key)))
                    continue
                }
                if let diagnostic = unknown.report(key, at: at(keyNode.mark)) { diagnostics.append(diagnostic) }
                continue
            }
            let string = scalar.string
            switch key {
            case "title": configuration.title = string
            case "description": configuration.description = string
            case "base-url":
                guard let url = normalizedBaseURL(string) else {
                    diagnostics.append(.error(at: valueLocation, .configurationBadBaseURL(string)))
                    continue
                }
                configuration.baseURL = url
            case "language":
                guard isLanguageTag(string) else {
                    diagnostics.append(.error(at: valueLocation, .configurationBadLanguage(string)))
                    continue
                }
                configuration.language = string
            default:
                if let diagnostic = unknown.report(key, at: at(keyNode.mark)) { diagnostics.append(diagnostic) }
            }
        }
        return (configuration, diagnostics)
    }

    /// `https://host/path` with a trailing `/`; nil unless absolute http(s) with a host and no query or fragment.
    static func normalizedBaseURL(_ text: String) -> String? {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
            components.query == nil, components.fragment == nil
        else { return nil }
        return text.hasSuffix("/") ? text : text + "/"
    }

    /// A BCP 47 tag in its common shape: a 2–8 letter language, then `-` and 1–8 letters or digits.
    static func isLanguageTag(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...8).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter })
        else { return false }
        return parts.dropFirst().allSatisfy { part in
            (1...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }
}

extension Diagnostic.Message {
    static let notUTF8: Self = "file is not valid UTF-8"
    static func badBaseURLOption(_ url: String) -> Self {
        "--base-url must be an absolute http or https URL, not '\(url)'"
    }
    static let configurationNotMapping: Self = "\(SiteConfiguration.fileName) must be a mapping of 'key: value' lines"
    static let configurationKeyNotName: Self = "\(SiteConfiguration.fileName) keys must be plain names"
    static func configurationDuplicateKey(_ key: String) -> Self {
        "duplicate \(SiteConfiguration.fileName) key '\(key)'"
    }
    static func configurationValueNotText(_ key: String) -> Self {
        "\(SiteConfiguration.fileName) '\(key)' must be text"
    }
    static func configurationBadBaseURL(_ url: String) -> Self {
        "\(SiteConfiguration.fileName) 'base-url' must be an absolute http or https URL, not '\(url)'"
    }
    static func configurationBadLanguage(_ tag: String) -> Self {
        "\(SiteConfiguration.fileName) 'language' must be a language tag such as 'en' or 'de-CH', not '\(tag)'"
    }
}
