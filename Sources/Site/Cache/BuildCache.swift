import Diagnostics
import Evaluator
import Foundation

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
        guard let data = FileInput.contents(atPath: pagesPath + key), let payload = Self.unseal(data),
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
        guard let data = FileInput.contents(atPath: runsPath + key), let payload = Self.unseal(data) else {
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
        guard let data = FileInput.contents(atPath: manifestURL(for: output).path), let payload = Self.unseal(data),
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
