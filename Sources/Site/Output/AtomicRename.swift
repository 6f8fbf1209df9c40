import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Swapping two paths in one step, so that no moment exists at which neither is there.
enum AtomicRename {
    /// Exchanges `first` and `second` (both must exist). Where the system or the file system cannot swap
    /// atomically, falls back to two renames, with a short window in which `second` is missing.
    static func exchange(_ first: String, _ second: String) throws(FileOutput.Failure) {
        if systemExchange(first, second) == 0 { return }
        let code = errno
        guard code == EINVAL || code == ENOSYS || code == ENOTSUP else {
            throw FileOutput.Failure(path: second, code: code)
        }
        // Named as ``SiteWriter/removeLeftovers(in:of:)`` expects, should the process die in between.
        let url = URL(fileURLWithPath: second)
        let aside = url.deletingLastPathComponent().path + "/.\(url.lastPathComponent).old-\(getpid())-swap"
        guard rename(second, aside) == 0 else { throw FileOutput.Failure(path: second, code: errno) }
        guard rename(first, second) == 0 else {
            let failed = errno
            _ = rename(aside, second)
            throw FileOutput.Failure(path: second, code: failed)
        }
        guard rename(aside, first) == 0 else { throw FileOutput.Failure(path: first, code: errno) }
    }

    #if canImport(Glibc)
        private typealias RenameAt2 =
            @convention(c) (
                Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32
            ) -> Int32
        /// glibc 2.28 has `renameat2`, but Swift's Glibc module does not declare it (it needs `_GNU_SOURCE`).
        private static let renameat2: RenameAt2? = dlsym(nil, "renameat2").map {
            unsafeBitCast($0, to: RenameAt2.self)
        }
        private static let renameExchange: UInt32 = 1 << 1

        private static func systemExchange(_ first: String, _ second: String) -> Int32 {
            guard let renameat2 else {
                errno = ENOSYS
                return -1
            }
            return renameat2(AT_FDCWD, first, AT_FDCWD, second, renameExchange)
        }
    #elseif canImport(Darwin)
        private static func systemExchange(_ first: String, _ second: String) -> Int32 {
            renamex_np(first, second, UInt32(RENAME_SWAP))
        }
    #else
        private static func systemExchange(_ first: String, _ second: String) -> Int32 {
            errno = ENOSYS
            return -1
        }
    #endif
}
