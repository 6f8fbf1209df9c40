import Diagnostics
import Foundation
import Mustache

/// The Mustache templates of `Templates/`: `layout.mustache` wraps every page; other files are partials.
struct SiteTemplates: Sendable {
    static let layoutName = "layout"
    let library: MustacheLibrary

    static func load(from directory: String) throws(DiagnosticList) -> SiteTemplates {
        var library = MustacheLibrary()
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { $0.hasSuffix(".mustache") }.sorted()
        } catch {
            throw DiagnosticList([.error(at: nil, "cannot read templates folder '\(directory)'")])
        }
        var diagnostics: [Diagnostic] = []
        for file in files {
            let path = (directory as NSString).appendingPathComponent(file)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                diagnostics.append(.error(at: nil, "cannot read template '\(path)'"))
                continue
            }
            do {
                try library.register(MustacheTemplate(string: text), named: String(file.dropLast(".mustache".count)))
            } catch let error as MustacheTemplate.ParserError {
                let location = SourceLocation(
                    file: path, line: error.context.lineNumber, column: error.context.columnNumber)
                diagnostics.append(.error(at: location, "template syntax error: \(error.error)"))
            } catch {
                diagnostics.append(.error(at: SourceLocation(file: path, line: 1, column: 1), "\(error)"))
            }
        }
        guard diagnostics.isEmpty else { throw DiagnosticList(diagnostics) }
        guard library.getTemplate(named: layoutName) != nil else {
            let path = (directory as NSString).appendingPathComponent("\(layoutName).mustache")
            throw DiagnosticList([.error(at: nil, "missing template '\(path)'")])
        }
        return SiteTemplates(library: library)
    }

    func renderLayout(_ context: [String: Any]) -> String {
        library.render(context, withTemplate: Self.layoutName) ?? ""
    }
}
