import Diagnostics
import Foundation

/// Applies text replacements to a source file in place, atomically, and only if the file still holds
/// what was checked: an author's edit made meanwhile is never overwritten.
enum SourceEditor {
    struct Edit {
        /// Where the replaced text starts (line and column in Unicode scalars, 1-based).
        var location: SourceLocation
        var old: String
        var new: String
    }

    static func apply(_ edits: [Edit], to path: String, expecting original: String) throws(DiagnosticList) {
        guard let current = FileInput.text(atPath: path), current == original else {
            throw DiagnosticList([.error(at: nil, .changedWhileChecked(path))])
        }
        var bytes = Array(original.utf8)
        let lines = LineTable(bytes)
        // From the end, so earlier offsets stay valid.
        for edit in edits.sorted(by: { $0.location > $1.location }) {
            guard (1...lines.count).contains(edit.location.line) else {
                throw DiagnosticList([.error(at: edit.location, .statedValueOutsideFile)])
            }
            // Columns count Unicode scalars: step over that many from the line's start.
            var start = lines.starts[edit.location.line - 1]
            var column = 1
            while column < edit.location.column, start < bytes.count, bytes[start] != 0x0A {
                start += 1
                while start < bytes.count, bytes[start] & 0xC0 == 0x80 { start += 1 }
                column += 1
            }
            let old = Array(edit.old.utf8)
            guard column == edit.location.column, start + old.count <= bytes.count,
                bytes[start..<start + old.count].elementsEqual(old)
            else {
                throw DiagnosticList([.error(at: edit.location, .statedValueMoved(edit.old))])
            }
            bytes.replaceSubrange(start..<start + old.count, with: edit.new.utf8)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        do {
            try writeAtomically(text, to: path)
        } catch {
            throw DiagnosticList([.error(at: nil, .cannotWrite(path, error.localizedDescription))])
        }
    }

    /// Writes beside the file, then renames over it, keeping its permissions.
    private static func writeAtomically(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).fix-\(ProcessInfo.processInfo.processIdentifier)")
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        try Data(text.utf8).write(to: temporary)
        if let permissions = attributes?[.posixPermissions] {
            try? FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: temporary.path)
        }
        if rename(temporary.path, path) != 0 {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown)
        }
    }
}

extension Diagnostic.Message {
    static func changedWhileChecked(_ path: String) -> Self {
        "'\(path)' changed on disk while it was checked; not rewritten"
    }
    static let statedValueOutsideFile: Self = "stated value is outside the file"
    static func statedValueMoved(_ stated: String) -> Self { "stated value '\(stated)' is not where it was read" }
    /// Also the output's (SiteWriter).
    static func cannotWrite(_ path: String, _ reason: String) -> Self { "cannot write '\(path)': \(reason)" }
}
