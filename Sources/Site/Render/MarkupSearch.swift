/// Finding ASCII markup (`<h2`, `</h1>`, ` id="`) in HTML by comparing UTF-8 bytes.
///
/// Foundation's `range(of:)` bridges to CFString and the standard library's generic `firstRange(of:)`
/// instantiates metadata per call; either made reading a page's headings cost more than rendering it.
extension StringProtocol {
    /// The first occurrence of `needle` (ASCII), or nil.
    func firstRange(ofASCII needle: String) -> Range<Index>? {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return startIndex..<startIndex }
        var index = utf8.startIndex
        let end = utf8.endIndex
        while let start = utf8[index...].firstIndex(of: first) {
            var cursor = start
            var matched = 0
            while matched < pattern.count, cursor != end, utf8[cursor] == pattern[matched] {
                matched += 1
                cursor = utf8.index(after: cursor)
            }
            if matched == pattern.count { return start..<cursor }
            index = utf8.index(after: start)
        }
        return nil
    }
}
