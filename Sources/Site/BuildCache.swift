import Diagnostics
import Evaluator
import Foundation
import LiteratePage
import Markdown

/// Versions that change what a page computes or how it is laid out, beyond its own source and the templates.
/// Each is part of every cache key, so bumping one invalidates every cached page.
public enum SiteVersion {
    /// The Softmax library's behaviour as pages see it, as the library states it.
    public static let softmaxLibrary = SoftmaxVersion.behaviour
    /// The layout of cache files and what an entry holds; bump when either changes.
    static let cacheFormat = "literate-cache-3"

    /// The running binary's identity: its path, size and modification time. A rebuilt `literate` (new
    /// evaluator, renderer or MathML code) has a new identity, so nothing it did not compute is reused.
    static let toolIdentity: String = {
        let path =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments.first ?? "unknown"
        var info = stat()
        guard stat(path, &info) == 0 else { return path }
        return "\(path):\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }()
}

/// What the layout needs of a page besides its body. The cache keeps it, so a page can be laid out again
/// (after a template or navigation change) without being evaluated again.
public struct PageSummary: Sendable, Equatable {
    public var name: String
    public var title: String
    public var metadata: PageMetadata

    public var outputFile: String { "\(name).html" }
    /// ``outputFile`` as a relative link: every byte but letters, digits and `-._~` percent-encoded, so
    /// a page named `a#b?c%d` or `javascript:x` links to itself and nothing else.
    public var href: String { HTML.percentEncoded(outputFile) }

    init(name: String, title: String, metadata: PageMetadata) {
        self.name = name
        self.title = title
        self.metadata = metadata
    }

    init(_ page: Page) {
        self.init(name: page.name, title: page.title, metadata: page.metadata)
    }
}

/// A page after evaluation, reduced to what rendering and the build report need: its body HTML, summary,
/// counts and diagnostics. This is what the cache stores, one file per page.
struct CachedPage: Sendable, Equatable {
    /// The evaluation key this entry was computed for (see ``BuildCache/evaluationKey(path:source:)``).
    var key: String
    var path: String
    var summary: PageSummary
    var body: String
    var counters: Counters
    /// Warnings and notes only: a page with errors is never cached.
    var diagnostics: [Diagnostic]
    /// The key of the compiled run its program came from (nil for a page without code), kept so that runs
    /// no page uses any more can be removed.
    var runKey: String? = nil
}

/// The on-disk build cache: one checksummed file per evaluated page under `pages/`, named by its key, and
/// one manifest per output folder under `outputs/` telling which render key produced each output file.
///
/// Every file starts with a magic line and a checksum of the rest; a file that fails the check, cannot
/// be decoded, or names another key is ignored (and rebuilt), never trusted.
struct BuildCache: Sendable, PageRunStore {
    let directory: URL

    init(directory: String) {
        self.directory = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
    }

    var pagesDirectory: URL { directory.appendingPathComponent("pages", isDirectory: true) }
    var outputsDirectory: URL { directory.appendingPathComponent("outputs", isDirectory: true) }
    /// Paths joined as strings: URL's appending costs more than reading a small entry.
    private var pagesPath: String { directory.path + "/pages/" }

    /// What a page's evaluation depends on: its path (diagnostics name it), its source, the Softmax
    /// version, the cache format and the binary that evaluates it.
    static func evaluationKey(path: String, source: some Collection<UInt8>) -> String {
        var digest = Digest()
        digest.update(field: SiteVersion.cacheFormat)
        digest.update(field: SiteVersion.softmaxLibrary)
        digest.update(field: SiteVersion.toolIdentity)
        digest.update(field: path)
        digest.update(count: source.count)
        digest.update(source)
        return digest.hex()
    }

    // MARK: Pages

    func load(key: String, path: String) -> CachedPage? {
        guard let data = FileManager.default.contents(atPath: pagesPath + key), let payload = Self.unseal(data),
            let page = CachedPage.decode(payload), page.key == key, page.path == path
        else { return nil }
        return page
    }

    /// Writes the entry to a temporary file and renames it into place, so no reader sees half an entry.
    func store(_ page: CachedPage) {
        Self.replace(pagesPath + page.key, with: Self.seal(page.encode()))
    }

    /// Writes `data` beside `path` and renames it over `path`, creating the folder when missing; without
    /// flushing to the disk (see ``FileOutput``): a torn entry fails its checksum and is rebuilt.
    static func replace(_ path: String, with data: Data) {
        let suffix = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let temporary = path + ".tmp-" + suffix
        do {
            try FileOutput.write(data, toPath: temporary)
        } catch {
            let folder = (path as NSString).deletingLastPathComponent
            guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil,
                (try? FileOutput.write(data, toPath: temporary)) != nil
            else { return }
        }
        if rename(temporary, path) != 0 { unlink(temporary) }
    }

    // MARK: Page program runs

    private var runsPath: String { directory.path + "/runs/" }

    /// The compiled run of a page program, by ``PageEvaluator``'s key (program, toolchain and limits).
    func run(forKey key: String) -> PageRun? {
        guard let data = FileManager.default.contents(atPath: runsPath + key), let payload = Self.unseal(data) else {
            return nil
        }
        return try? JSONDecoder().decode(PageRun.self, from: Data(payload))
    }

    func store(_ run: PageRun, forKey key: String) {
        guard let payload = try? JSONEncoder().encode(run) else { return }
        Self.replace(runsPath + key, with: Self.seal(Array(payload)))
    }

    /// Removes the page entries not in `keep` (entries of pages since edited or deleted), and the runs
    /// not in `runs` (programs no page has any more).
    func prune(keeping keep: Set<String>, runs: Set<String>) {
        let fileManager = FileManager.default
        for (folder, wanted) in [(pagesPath, keep), (runsPath, runs)] {
            guard let names = try? fileManager.contentsOfDirectory(atPath: folder) else { continue }
            for name in names where !wanted.contains(name) {
                try? fileManager.removeItem(atPath: folder + name)
            }
        }
    }

    // MARK: Output manifests

    private func manifestURL(for output: String) -> URL {
        outputsDirectory.appendingPathComponent(Digest.hex(of: Array(output.utf8)))
    }

    func loadManifest(for output: String) -> OutputManifest? {
        guard let data = try? Data(contentsOf: manifestURL(for: output)), let payload = Self.unseal(data),
            let manifest = OutputManifest.decode(payload), manifest.output == output
        else { return nil }
        return manifest
    }

    func storeManifest(_ manifest: OutputManifest) {
        Self.replace(manifestURL(for: manifest.output).path, with: Self.seal(manifest.encode()))
    }

    func removeManifest(for output: String) {
        try? FileManager.default.removeItem(at: manifestURL(for: output))
    }

    // MARK: Sealing

    private static let magic = Array("\(SiteVersion.cacheFormat)\n".utf8)

    /// Magic line, 8-byte checksum of the payload, payload.
    static func seal(_ payload: [UInt8]) -> Data {
        var data = Data(magic)
        let sum = payload.withUnsafeBytes { Checksum.of($0) }
        withUnsafeBytes(of: sum.littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: payload)
        return data
    }

    static func unseal(_ data: Data) -> [UInt8]? {
        guard data.count >= magic.count + 8, data.prefix(magic.count).elementsEqual(magic) else { return nil }
        let payload = [UInt8](data.dropFirst(magic.count + 8))
        var stored: UInt64 = 0
        for (shift, byte) in data.dropFirst(magic.count).prefix(8).enumerated() {
            stored |= UInt64(byte) << (8 * UInt64(shift))
        }
        guard payload.withUnsafeBytes({ Checksum.of($0) }) == stored else { return nil }
        return payload
    }
}

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

/// Size, modification time and inode of a file: enough to notice that it was touched since we wrote it.
struct FileStamp: Sendable, Equatable {
    var size: Int
    var seconds: Int
    var nanoseconds: Int
    var inode: UInt64

    init(size: Int, seconds: Int, nanoseconds: Int, inode: UInt64) {
        self.size = size
        self.seconds = seconds
        self.nanoseconds = nanoseconds
        self.inode = inode
    }

    /// The stamp of the file at `path`, or nil when it does not exist.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(
            size: Int(info.st_size), seconds: Int(info.st_mtim.tv_sec), nanoseconds: Int(info.st_mtim.tv_nsec),
            inode: UInt64(info.st_ino))
    }
}

// MARK: Encoding

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
        writer.string(body)
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
            let date = reader.optional(), let description = reader.optional(), let body = reader.string(),
            let blocks = reader.int(), let stated = reader.int(), let derivatives = reader.int(),
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
