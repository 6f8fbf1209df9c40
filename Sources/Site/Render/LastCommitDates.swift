import Foundation

/// When each page last changed, as git knows it: the date of the last commit that touched each file of
/// the content folder, read with one `git log` for the whole folder. Empty when the folder is not in a
/// git work tree or git is not installed.
enum LastCommitDates {
    /// Content file name (`why-softmax.md`) → `YYYY-MM-DD` of its last commit.
    static func read(contentDirectory: String) -> [String: String] {
        guard let git = gitExecutable() else { return [:] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: git)
        process.arguments = [
            "-C", contentDirectory, "log", "--format=%x00%cs", "--name-only", "--relative", "--no-renames", "--", ".",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return [:] }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return [:] }
        return parse(String(decoding: output, as: UTF8.self))
    }

    /// `git log --format=%x00%cs --name-only` output: newest commit first, so a file's first date is its last.
    static func parse(_ log: String) -> [String: String] {
        var dates: [String: String] = [:]
        var current: String?
        for line in log.split(separator: "\n") {
            if line.first == "\u{0}" {
                current = String(line.dropFirst())
            } else if let current, !line.contains("/"), dates[String(line)] == nil {
                dates[String(line)] = current
            }
        }
        return dates
    }

    private static func gitExecutable() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/git" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
