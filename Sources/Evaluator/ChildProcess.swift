import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Limits on a child process: wall-clock time, memory (address space) and the size of every file it
/// writes, its output included.
public struct RunLimits: Sendable, Equatable {
    public var seconds: Double
    public var memoryBytes: Int
    public var outputBytes: Int

    public init(seconds: Double = 30, memoryBytes: Int = 4 << 30, outputBytes: Int = 64 << 20) {
        self.seconds = seconds
        self.memoryBytes = memoryBytes
        self.outputBytes = outputBytes
    }

    /// A page program's defaults: 30 s, 4 GiB, 64 MiB.
    public static let page = RunLimits()
    /// What compiling a page may take on top of its run time before it is stopped.
    static let compileSeconds = 120.0
    /// The compiler's: generous, since the type checker bounds its own time.
    static let compiler = RunLimits(seconds: 300, memoryBytes: 16 << 30, outputBytes: 64 << 20)
}

/// Runs a program in its own process group with no standard input, its output in files, under
/// `RunLimits` (set with the shell's `ulimit`), and kills the whole group when it is done or out of time.
struct ChildProcess {
    struct Outcome {
        /// The exit status, when it exited.
        var status: Int32?
        /// The signal that ended it, when one did.
        var signal: Int32?
        var timedOut: Bool
        var standardOutput: String
        var standardError: String
        var seconds: Double

        var succeeded: Bool { status == 0 && !timedOut }
    }

    /// Runs `executable` with `arguments` in `directory`; its standard output and error go to files in
    /// `outputIn` (default: `directory`).
    static func run(
        _ executable: String, _ arguments: [String], in directory: String, outputIn: String? = nil,
        limits: RunLimits, environment extra: [String: String] = [:]
    ) -> Outcome {
        let start = ContinuousClock.now
        let outPath = (outputIn ?? directory) + "/.stdout-\(UUID().uuidString.prefix(8))"
        let errPath = (outputIn ?? directory) + "/.stderr-\(UUID().uuidString.prefix(8))"
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        let kib = max(limits.memoryBytes / 1024, 1)
        let blocks = max(limits.outputBytes / 512, 1)
        let script = "ulimit -v \(kib) 2>/dev/null; ulimit -f \(blocks) 2>/dev/null; cd \"$1\" && shift && exec \"$@\""
        let argv = ["/bin/sh", "-c", script, "sh", directory, executable] + arguments
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in extra { environment[key] = value }
        let envp = environment.map { "\($0.key)=\($0.value)" }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A group of its own (killed whole), default signal handling (serve ignores SIGINT), no mask.
        var defaults = sigset_t()
        sigfillset(&defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var pid: pid_t = 0
        let spawned = withCStrings(argv) { cArguments in
            withCStrings(envp) { cEnvironment in
                posix_spawn(&pid, "/bin/sh", &actions, &attributes, cArguments, cEnvironment)
            }
        }
        guard spawned == 0 else {
            return Outcome(
                status: nil, signal: nil, timedOut: false, standardOutput: "",
                standardError: "cannot start '\(executable)': \(String(cString: strerror(spawned)))", seconds: 0)
        }
        var status: Int32 = 0
        var timedOut = false
        var pause: UInt32 = 500
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || (result < 0 && errno != EINTR) { break }
            if start.duration(to: .now) > .seconds(limits.seconds) {
                timedOut = true
                kill(-pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                break
            }
            usleep(pause)
            pause = min(pause * 2, 10_000)
        }
        // Whatever the program left running in its group goes with it.
        kill(-pid, SIGKILL)
        let exited = status & 0x7F == 0
        return Outcome(
            status: exited ? (status >> 8) & 0xFF : nil, signal: exited ? nil : status & 0x7F, timedOut: timedOut,
            standardOutput: read(outPath, limit: limits.outputBytes),
            standardError: read(errPath, limit: limits.outputBytes), seconds: start.duration(to: .now).seconds)
    }

    private static func read(_ path: String, limit: Int) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: limit)) ?? nil
        return String(decoding: data ?? Data(), as: UTF8.self)
    }

    private static func withCStrings<R>(
        _ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R
    ) -> R {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

extension Duration {
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}
