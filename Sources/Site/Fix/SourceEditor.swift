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
        guard let current = try? String(contentsOfFile: path, encoding: .utf8), current == original else {
            throw DiagnosticList([.error(at: nil, "'\(path)' changed on disk while it was checked; not rewritten")])
        }
        var scalars = Array(original.unicodeScalars)
        let lineStarts = lineStartOffsets(scalars)
        // From the end, so earlier offsets stay valid.
        for edit in edits.sorted(by: { $0.location > $1.location }) {
            let line = edit.location.line - 1
            guard line >= 0, line < lineStarts.count else {
                throw DiagnosticList([.error(at: edit.location, "stated value is outside the file")])
            }
            let start = lineStarts[line] + edit.location.column - 1
            let old = Array(edit.old.unicodeScalars)
            guard start >= 0, start + old.count <= scalars.count, Array(scalars[start..<start + old.count]) == old
            else {
                throw DiagnosticList([.error(at: edit.location, "stated value '\(edit.old)' is not where it was read")])
            }
            scalars.replaceSubrange(start..<start + old.count, with: edit.new.unicodeScalars)
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        do {
            try writeAtomically(text, to: path)
        } catch {
            throw DiagnosticList([.error(at: nil, "cannot write '\(path)': \(error.localizedDescription)")])
        }
    }

    private static func lineStartOffsets(_ scalars: [Unicode.Scalar]) -> [Int] {
        var starts = [0]
        for (offset, scalar) in scalars.enumerated() where scalar == "\n" {
            starts.append(offset + 1)
        }
        return starts
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
