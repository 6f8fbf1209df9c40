import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Tells when files in some folders change.
///
/// On Linux it uses inotify: the kernel reports a write, create, delete or rename the moment it happens,
/// so an edit reaches the rebuild within milliseconds and an idle server costs nothing (polling a
/// thousand pages every 50 ms would stat 20,000 files a second and still add up to 50 ms of delay).
/// Elsewhere it polls the folders' file stamps every 100 ms. Folders are watched flat (Content/ and
/// Templates/ are flat), plus any folder named in the list (such as Templates/assets).
final class FileWatcher: Sendable {
    let directories: [String]

    init(directories: [String]) {
        self.directories = directories
    }

    /// One element per burst of changes (events within a few milliseconds are merged); ends when the
    /// consuming task is cancelled.
    func changes() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let stop = StopFlag()
        continuation.onTermination = { _ in stop.set() }
        let directories = self.directories
        let thread = Thread {
            #if os(Linux)
                Self.watchWithInotify(directories, stop: stop) { continuation.yield() }
            #else
                Self.watchByPolling(directories, stop: stop) { continuation.yield() }
            #endif
            continuation.finish()
        }
        thread.name = "literate file watcher"
        thread.start()
        return stream
    }

    #if os(Linux)
        private static func watchWithInotify(_ directories: [String], stop: StopFlag, changed: () -> Void) {
            let fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
            guard fd >= 0 else { return watchByPolling(directories, stop: stop, changed: changed) }
            defer { close(fd) }
            let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_MODIFY)
            for directory in directories where FileManager.default.fileExists(atPath: directory) {
                _ = inotify_add_watch(fd, directory, mask)
            }
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            var pending = false
            while !stop.isSet {
                var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                // Wait up to 200 ms for a first event, so a stop is noticed; once one came, 5 ms for more.
                let ready = poll(&descriptor, 1, pending ? 5 : 200)
                if ready > 0 {
                    while read(fd, &buffer, buffer.count) > 0 {}
                    pending = true
                } else if pending {
                    pending = false
                    changed()
                }
            }
        }
    #endif

    private static func watchByPolling(_ directories: [String], stop: StopFlag, changed: () -> Void) {
        func snapshot() -> [String: FileStamp] {
            var stamps: [String: FileStamp] = [:]
            for directory in directories {
                for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
                    let path = (directory as NSString).appendingPathComponent(name)
                    stamps[path] = FileStamp(path: path)
                }
            }
            return stamps
        }
        var last = snapshot()
        while !stop.isSet {
            Thread.sleep(forTimeInterval: 0.1)
            let now = snapshot()
            if now != last {
                last = now
                changed()
            }
        }
    }
}

/// A flag set once from any thread.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
