import Diagnostics
import Evaluator
import Foundation
import LiteratePage

/// Versions that change what a page computes or how it is laid out, beyond its own source and the templates.
/// Each is part of every cache key, so bumping one invalidates every cached page.
public enum SiteVersion {
    /// The Softmax library's behaviour as pages see it, as the library states it.
    public static let softmaxLibrary = SoftmaxVersion.behaviour
    /// The layout of cache files and what an entry holds; bump when either changes.
    static let cacheFormat = "literate-cache-4"

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
