import Diagnostics
import Evaluator
import Foundation

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
