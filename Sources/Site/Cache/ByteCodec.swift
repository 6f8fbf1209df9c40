import Diagnostics
import Evaluator
import Foundation

/// A small length-prefixed binary encoding: faster than JSON for thousands of entries and strict to read.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes += $0 }
    }

    mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes += value.utf8
    }

    mutating func optional(_ value: String?) {
        if let value {
            int(1)
            string(value)
        } else {
            int(0)
        }
    }
}

/// Reads what ``ByteWriter`` wrote; every read is bounds-checked and returns nil past the end.
struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func int() -> Int? {
        guard offset + 8 <= bytes.count else { return nil }
        var value: Int64 = 0
        for i in (0..<8).reversed() { value = value << 8 | Int64(bytes[offset + i]) }
        offset += 8
        return Int(value)
    }

    mutating func string() -> String? {
        guard let count = int(), count >= 0, offset + count <= bytes.count else { return nil }
        defer { offset += count }
        return String(validating: bytes[offset..<offset + count], as: UTF8.self)
    }

    /// Nil when the data is bad; `.some(nil)` for an absent value.
    mutating func optional() -> String?? {
        switch int() {
        case 0: return .some(nil)
        case 1: return string().map { .some($0) }
        default: return nil
        }
    }

    var atEnd: Bool { offset == bytes.count }
}
