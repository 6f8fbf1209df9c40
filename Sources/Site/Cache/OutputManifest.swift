import Diagnostics
import Evaluator
import Foundation

/// Which render key produced each file of an output folder, with the file's size, modification time and
/// inode when it was written. A file whose stat no longer matches (edited, replaced) is rendered again.
struct OutputManifest: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        var renderKey: String
        var stamp: FileStamp
    }

    var output: String
    var entries: [String: Entry]
}

extension OutputManifest {
    func encode() -> [UInt8] {
        var writer = ByteWriter()
        writer.string(output)
        writer.int(entries.count)
        for (name, entry) in entries.sorted(by: { $0.key < $1.key }) {
            writer.string(name)
            writer.string(entry.renderKey)
            writer.int(entry.stamp.size)
            writer.int(entry.stamp.seconds)
            writer.int(entry.stamp.nanoseconds)
            writer.int(Int(truncatingIfNeeded: entry.stamp.inode))
        }
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8]) -> OutputManifest? {
        var reader = ByteReader(bytes)
        guard let output = reader.string(), let count = reader.int(), (0...10_000_000).contains(count) else {
            return nil
        }
        var entries: [String: Entry] = [:]
        for _ in 0..<count {
            guard let name = reader.string(), let key = reader.string(), let size = reader.int(),
                let seconds = reader.int(), let nanoseconds = reader.int(), let inode = reader.int()
            else { return nil }
            entries[name] = Entry(
                renderKey: key,
                stamp: FileStamp(
                    size: size, seconds: seconds, nanoseconds: nanoseconds, inode: UInt64(truncatingIfNeeded: inode)))
        }
        guard reader.atEnd else { return nil }
        return OutputManifest(output: output, entries: entries)
    }
}
