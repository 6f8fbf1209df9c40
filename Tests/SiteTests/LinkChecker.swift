import Foundation

/// Walks a built site and reports every `href` and `src` (and CSS `url(…)`) that does not resolve to a
/// file inside the site, or whose `#fragment` names no `id` in the target page.
enum LinkChecker {
    /// One problem per broken reference, as `file: reference (reason)`, in file order.
    /// Absolute URLs under `baseURL` are checked as paths inside the site; other absolute URLs
    /// (`https:`, `mailto:`, `data:`) are left alone.
    static func brokenLinks(in site: URL, baseURL: String? = nil) throws -> [String] {
        let root = site.standardizedFileURL.resolvingSymlinksInPath()
        let files = try allFiles(under: root)
        var idsByFile: [String: Set<String>] = [:]
        func ids(of path: String) -> Set<String> {
            if let known = idsByFile[path] { return known }
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            let found = Set(matches(of: #"\s(?:id|name)="([^"]*)""#, in: text).map(decodeEntities))
            idsByFile[path] = found
            return found
        }
        var problems: [String] = []
        for file in files where file.hasSuffix(".html") || file.hasSuffix(".css") {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let pattern = file.hasSuffix(".css") ? #"url\(\s*['"]?([^'")]*)"# : #"\s(?:href|src)="([^"]*)""#
            let relativeName = String(file.dropFirst(root.path.count + 1))
            for raw in matches(of: pattern, in: text) {
                var reference = decodeEntities(raw)
                if let baseURL, reference.hasPrefix(baseURL) {
                    reference = String(reference.dropFirst(baseURL.count))
                } else if reference.range(of: #"^[a-zA-Z][a-zA-Z0-9+.-]*:"#, options: .regularExpression) != nil {
                    continue
                }
                if reference.hasPrefix("/") {
                    problems.append("\(relativeName): \(raw) (root-relative; breaks under a sub-path)")
                    continue
                }
                let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                let pathPart = String(parts[0]).removingPercentEncoding ?? String(parts[0])
                let fragment = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : nil
                var target = URL(fileURLWithPath: file)
                if !pathPart.isEmpty {
                    target =
                        URL(
                            fileURLWithPath: pathPart,
                            relativeTo: URL(fileURLWithPath: file).deletingLastPathComponent()
                        )
                        .standardizedFileURL
                }
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory), isDirectory.boolValue
                {
                    target = target.appendingPathComponent("index.html")
                }
                let targetPath = target.standardizedFileURL.path
                guard targetPath.hasPrefix(root.path + "/") else {
                    problems.append("\(relativeName): \(raw) (outside the site)")
                    continue
                }
                guard FileManager.default.fileExists(atPath: targetPath) else {
                    problems.append("\(relativeName): \(raw) (no such file)")
                    continue
                }
                if let fragment, !fragment.isEmpty, !ids(of: targetPath).contains(fragment) {
                    problems.append("\(relativeName): \(raw) (no id '\(fragment)' in the target)")
                }
            }
        }
        return problems
    }

    /// Every regular file under `root`, sorted.
    static func allFiles(under root: URL) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var files: [String] = []
        for case let name as String in enumerator {
            let path = root.appendingPathComponent(name).path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
            }
        }
        return files.sorted()
    }

    /// The first capture group of each match.
    static func matches(of pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    /// The entities our HTML writer produces inside attribute values.
    static func decodeEntities(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
