import Diagnostics
import Evaluator
import Foundation

/// A page after evaluation, reduced to what rendering and the build report need: its body HTML, summary,
/// counts and diagnostics. This is what the cache stores, one file per page.
struct CachedPage: Sendable, Equatable {
    /// The evaluation key this entry was computed for (see ``BuildCache/evaluationKey(path:source:)``).
    var key: String
    var path: String
    var summary: PageSummary
    var body: PageBody
    var counters: Counters
    /// Warnings and notes only: a page with errors is never cached.
    var diagnostics: [Diagnostic]
    /// The key of the compiled run its program came from (nil for a page without code), kept so that runs
    /// no page uses any more can be removed.
    var runKey: String? = nil
}

extension CachedPage {
    func encode() -> [UInt8] {
        var writer = ByteWriter()
        writer.string(key)
        writer.string(path)
        writer.string(summary.name)
        writer.string(summary.title)
        let metadata = summary.metadata
        writer.optional(metadata.title)
        writer.optional(metadata.order.map(String.init))
        writer.int(metadata.digits)
        writer.int(metadata.draft ? 1 : 0)
        writer.optional(metadata.author)
        writer.optional(metadata.date)
        writer.optional(metadata.description)
        writer.string(body.html)
        writer.int(body.contents.count)
        for entry in body.contents {
            writer.int(entry.level)
            writer.string(entry.anchor)
            writer.string(entry.html)
        }
        writer.int(counters.blocksEvaluated)
        writer.int(counters.statedValuesChecked)
        writer.int(counters.derivativeChecks)
        writer.int(diagnostics.count)
        for diagnostic in diagnostics {
            writer.string(diagnostic.severity.rawValue)
            writer.string(diagnostic.message)
            if let location = diagnostic.location {
                writer.int(1)
                writer.string(location.file)
                writer.int(location.line)
                writer.int(location.column)
            } else {
                writer.int(0)
            }
        }
        writer.optional(runKey)
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8]) -> CachedPage? {
        var reader = ByteReader(bytes)
        guard let key = reader.string(), let path = reader.string(), let name = reader.string(),
            let title = reader.string(), let metadataTitle = reader.optional(), let order = reader.optional(),
            let digits = reader.int(), let draft = reader.int(), let author = reader.optional(),
            let date = reader.optional(), let description = reader.optional(), let html = reader.string(),
            let entryCount = reader.int(), (0...100_000).contains(entryCount)
        else { return nil }
        var contents: [TableOfContents.Entry] = []
        for _ in 0..<entryCount {
            guard let level = reader.int(), let anchor = reader.string(), let entryHTML = reader.string() else {
                return nil
            }
            contents.append(TableOfContents.Entry(level: level, anchor: anchor, html: entryHTML))
        }
        let body = PageBody(html: html, contents: contents)
        guard let blocks = reader.int(), let stated = reader.int(), let derivatives = reader.int(),
            let diagnosticCount = reader.int(), (0...100_000).contains(diagnosticCount)
        else { return nil }
        var metadata = PageMetadata()
        metadata.title = metadataTitle
        if let order {
            guard let value = Int(order) else { return nil }
            metadata.order = value
        }
        metadata.digits = digits
        metadata.draft = draft != 0
        metadata.author = author
        metadata.date = date
        metadata.description = description
        var diagnostics: [Diagnostic] = []
        for _ in 0..<diagnosticCount {
            guard let severityName = reader.string(), let severity = Diagnostic.Severity(rawValue: severityName),
                let message = reader.string(), let hasLocation = reader.int()
            else { return nil }
            var location: SourceLocation?
            if hasLocation == 1 {
                guard let file = reader.string(), let line = reader.int(), let column = reader.int() else { return nil }
                location = SourceLocation(file: file, line: line, column: column)
            }
            diagnostics.append(Diagnostic(severity, at: location, message))
        }
        guard let runKey = reader.optional(), reader.atEnd else { return nil }
        return CachedPage(
            key: key, path: path, summary: PageSummary(name: name, title: title, metadata: metadata), body: body,
            counters: Counters(blocksEvaluated: blocks, statedValuesChecked: stated, derivativeChecks: derivatives),
            diagnostics: diagnostics, runKey: runKey)
    }
}
