import Diagnostics
import Evaluator
import Foundation

/// What a long-running process (`literate serve`) keeps between builds: evaluated pages in memory, and for
/// each source file its stamp and key, so an untouched file is neither read nor hashed again.
public final class BuildSession: @unchecked Sendable {
    private let lock = NSLock()
    private var pages: [String: CachedPage] = [:]
    private var sources: [String: (stamp: FileStamp, key: String)] = [:]
    private var navigation: (layoutKey: String, list: NavigationList)?
    /// Each page's entry in the search index, by the page's evaluation key (which fixes its body, title
    /// and name).
    private var searchEntries: [String: String] = [:]

    public init() {}

    func searchEntry(forKey key: String) -> String? {
        lock.withLock { searchEntries[key] }
    }

    func remember(searchEntry: String, forKey key: String) {
        lock.withLock { searchEntries[key] = searchEntry }
    }

    /// The navigation rendered by the last build, when its layout key (templates, site, page list) is
    /// `layoutKey`.
    func navigation(forLayout layoutKey: String) -> NavigationList? {
        lock.withLock { navigation?.layoutKey == layoutKey ? navigation?.list : nil }
    }

    func remember(_ list: NavigationList, forLayout layoutKey: String) {
        lock.withLock { navigation = (layoutKey, list) }
    }

    func page(forKey key: String) -> CachedPage? {
        lock.withLock { pages[key] }
    }

    /// The cached page of `path` when the file's stamp is the one it had when it was last read.
    func page(forPath path: String, stamp: FileStamp) -> CachedPage? {
        lock.withLock {
            guard let known = sources[path], known.stamp == stamp else { return nil }
            return pages[known.key]
        }
    }

    func remember(_ page: CachedPage, stamp: FileStamp?) {
        lock.withLock {
            pages[page.key] = page
            if let stamp { sources[page.path] = (stamp, page.key) }
        }
    }

    /// Forgets pages no longer in the content folder.
    func keepOnly(keys: Set<String>) {
        lock.withLock {
            pages = pages.filter { keys.contains($0.key) }
            sources = sources.filter { keys.contains($0.value.key) }
            searchEntries = searchEntries.filter { keys.contains($0.key) }
        }
    }
}
