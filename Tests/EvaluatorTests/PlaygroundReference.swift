import Foundation

// An oracle for the page evaluator that owes nothing to it: the page's `{swift}` blocks become one
// main.swift, the compiler's own playground transform (`-Xfrontend -playground`) instruments it, and a
// tiny logger module records what the transform reports while the program runs.
//
// What Swift 6.3.1's transform calls (all five must exist, unqualified, or the page does not compile):
//
//     func __builtin_log_with_id<T>(_ value: T, _ name: String, _ id: Int,
//                                   _ startLine: Int, _ endLine: Int, _ startColumn: Int, _ endColumn: Int,
//                                   _ moduleID: Int, _ fileID: Int) -> AnyObject?
//     func __builtin_log_scope_entry(_ startLine: Int, _ endLine: Int, _ startColumn: Int, _ endColumn: Int,
//                                    _ moduleID: Int, _ fileID: Int) -> AnyObject?
//     func __builtin_log_scope_exit(<same as entry>) -> AnyObject?
//     func __builtin_postPrint(<same as entry>) -> AnyObject?     // after each print(...)
//     func __builtin_send_data(_ record: AnyObject?)              // receives each result above
//
// Positions honour `#sourceLocation`, so they are Markdown positions; the end column is one past the
// end. `name` is "" for an expression statement (and for `_ = e` and `a[i] = e`), the variable's name
// for a binding `let x = e` (positioned at `x`; tuple patterns are not logged), for an assignment
// `x = e` (positioned at `e`), `x += e`, a mutating call `x.append(e)` and an inout argument `&x`
// (positioned at `x`). Module and file ids are 0 unless the program defines `__builtin_pg_module_…`.
//
// Scope entry/exit pairs are unreliable as a depth counter (a `throw` leaves a scope without its exit;
// an implicit return from a closure sends exits for braces that were never entered), so a value is
// "top level" when its range lies in no brace that was ever entered. Switch cases send no scope events,
// so their ranges come from `swiftc -dump-parse`. Function parameters are not logged
// (`-playground-option NoFunctionParameters`): they sit outside the body's braces.

/// One value the compiler's playground transform logged for a top-level expression or binding.
struct ReferenceValue: Equatable {
    var line: Int
    var column: Int
    /// "" for an expression statement; the variable's name for a binding, an assignment or a mutation.
    var name: String
    /// `String(describing: T.self)` of the static type.
    var type: String
    /// `String(describing: value)`, computed in the page program.
    var description: String

    var isExpression: Bool { name.isEmpty }
    /// `line:col name = description : type`, for messages.
    var summary: String { "\(line):\(column) \(name.isEmpty ? "" : name + " = ")\(description) : \(type)" }
}

/// One diagnostic of the compiler: Markdown line, column, severity ("error"/"warning"), message.
/// A program that compiles but stops (a crash, a fatal error, a non-zero exit) gives one "error" at the
/// line of its `Fatal error` message, or line 0.
struct ReferenceDiagnostic: Equatable, CustomStringConvertible {
    var line: Int
    var column: Int
    var severity: String
    var message: String

    var description: String { "\(line):\(column): \(severity): \(message)" }
}

/// The oracle cannot run (no compiler, no page library, a tool that failed for reasons of its own).
struct PlaygroundReferenceFailure: Error, CustomStringConvertible {
    var description: String
}

enum PlaygroundReference {
    /// A `{swift}` block: its code lines as written and the Markdown line of the first one.
    struct Block: Equatable {
        var firstLine: Int
        var lines: [String]
    }

    /// The page's {swift} blocks concatenated in reading order as one ordinary main.swift (with `import
    /// LiteratePage` first and `#sourceLocation(file: <markdown path>, line: <markdown line of the block's
    /// first code line>)` before each block, so positions are Markdown positions), compiled with `swiftc
    /// -Xfrontend -playground` plus a small logger module that defines the functions the transform calls;
    /// run; returns every value logged at top level, or the compiler's diagnostics when it does not compile.
    static func run(markdownFile: String) throws -> (values: [ReferenceValue], diagnostics: [ReferenceDiagnostic]) {
        let text = try String(contentsOfFile: markdownFile, encoding: .utf8)
        let blocks = swiftBlocks(in: text)
        let library = try pageLibrary()
        let swiftc = try compiler()
        let fileManager = FileManager.default
        let folder = fileManager.temporaryDirectory
            .appendingPathComponent("playground-reference-\(UUID().uuidString)").path
        try fileManager.createDirectory(atPath: folder + "/work", withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(atPath: folder) }

        // The logger is its own module: the transform instruments every file it compiles, and a logger
        // that logged itself would never return.
        try write(loggerSource, to: folder + "/\(loggerModule).swift")
        let logger = try execute(
            swiftc,
            [
                "-parse-as-library", "-module-name", loggerModule, "-emit-library", "-static",
                "-emit-module", "-emit-module-path", folder + "/\(loggerModule).swiftmodule",
                "\(loggerModule).swift", "-o", folder + "/lib\(loggerModule).a",
            ], in: folder, timeout: 300)
        guard logger.status == 0 else {
            throw PlaygroundReferenceFailure(description: "cannot compile the logger:\n" + logger.output)
        }

        let source = program(blocks: blocks, markdownFile: markdownFile)
        try write(source, to: folder + "/main.swift")
        let compile = try execute(
            swiftc,
            [
                "-Xfrontend", "-playground", "-Xfrontend", "-playground-option", "-Xfrontend", "NoFunctionParameters",
                "main.swift", "-o", "page", "-module-name", "Page", "-Onone", "-diagnostic-style", "llvm",
                "-I", folder, "-L", folder, "-l\(loggerModule)",
                "-I", library.modules, "-L", library.directory, "-lLiteratePage",
                "-Xlinker", "-rpath", "-Xlinker", library.directory,
                // Softmax imports the C module SoftmaxAVX2 internally, so its clients load it too.
                "-Xcc", "-fmodule-map-file=\(library.directory)/SoftmaxAVX2.build/module.modulemap",
            ], in: folder, timeout: 300)
        let diagnostics = parseDiagnostics(compile.output, markdownFile: markdownFile)
        guard compile.status == 0, fileManager.isExecutableFile(atPath: folder + "/page") else {
            if diagnostics.contains(where: { $0.severity == "error" }) { return ([], diagnostics) }
            throw PlaygroundReferenceFailure(description: "swiftc failed without a diagnostic:\n" + compile.output)
        }

        // Switch cases send no scope events; their ranges come from the parser.
        var cases: [SourceSpan] = []
        if source.contains("switch") {
            let parse = try execute(swiftc, ["-dump-parse", "main.swift"], in: folder, timeout: 120)
            cases = caseRanges(inDump: parse.output)
        }

        let log = folder + "/log"
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_DETERMINISTIC_HASHING"] = "1"
        environment["SWIFT_BACKTRACE"] = "enable=no"
        environment["PLAYGROUND_REFERENCE_LOG"] = log
        let outcome = try execute(folder + "/page", [], in: folder + "/work", environment: environment, timeout: 120)
        let records = fileManager.contents(atPath: log).map { String(decoding: $0, as: UTF8.self) } ?? ""
        var values: [ReferenceValue] = []
        var scopes: [SourceSpan] = []
        var logged: [(range: SourceSpan, value: ReferenceValue)] = []
        for record in records.split(separator: "\n") {
            let fields = record.split(separator: "\t", omittingEmptySubsequences: false).map(unescape)
            guard fields.count >= 5, let range = SourceSpan(fields[1...4]) else { continue }
            switch fields[0] {
            case "V" where fields.count == 8:
                let value = ReferenceValue(
                    line: range.startLine, column: range.startColumn, name: fields[5], type: fields[6],
                    description: fields[7])
                logged.append((range, value))
            case "E": scopes.append(range)
            default: break
            }
        }
        let entered = Set(scopes)
        for (range, value) in logged
        where !entered.contains(where: { $0.contains(range) })
            && !cases.contains(where: { $0.containsStart(of: range) })
        {
            values.append(value)
        }
        var all = diagnostics
        if outcome.status != 0 {
            all.append(
                stopDiagnostic(status: outcome.status, standardError: outcome.output, markdownFile: markdownFile))
        }
        return (values, all)
    }

    // MARK: - The page as one program

    /// Fenced code blocks whose info string is exactly `{swift}`, in document order. Code lines are kept
    /// as written (indentation included), so compiler columns are Markdown columns.
    static func swiftBlocks(in text: String) -> [Block] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
        var blocks: [Block] = []
        var index = 0
        // Front matter: `---` on the first line up to the next `---` or `...`.
        if lines.first == "---", let end = lines.dropFirst().firstIndex(where: { $0 == "---" || $0 == "..." }) {
            index = end + 1
        }
        while index < lines.count {
            guard let open = fence(lines[index]) else {
                index += 1
                continue
            }
            var body: [String] = []
            var next = index + 1
            while next < lines.count {
                if let close = fence(lines[next]), close.marker == open.marker, close.length >= open.length,
                    close.info.isEmpty
                {
                    break
                }
                body.append(String(lines[next]))
                next += 1
            }
            if open.info == "{swift}" { blocks.append(Block(firstLine: index + 2, lines: body)) }
            index = next + 1
        }
        return blocks
    }

    /// A CommonMark code fence: at most three spaces, then three or more backticks or tildes, then the
    /// info string.
    private static func fence(_ line: Substring) -> (marker: Character, length: Int, info: String)? {
        var rest = line[...]
        var indent = 0
        while rest.first == " " {
            indent += 1
            rest = rest.dropFirst()
        }
        guard indent <= 3, let marker = rest.first, marker == "`" || marker == "~" else { return nil }
        let run = rest.prefix { $0 == marker }
        guard run.count >= 3 else { return nil }
        let info = rest.dropFirst(run.count).trimmingCharacters(in: .whitespaces)
        if marker == "`" && info.contains("`") { return nil }
        return (marker, run.count, info)
    }

    /// The main.swift the page becomes.
    static func program(blocks: [Block], markdownFile: String) -> String {
        let path = markdownFile.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
            of: "\"", with: "\\\"")
        var source = "import LiteratePage\nimport \(loggerModule)\n"
        for block in blocks {
            source += "#sourceLocation(file: \"\(path)\", line: \(block.firstLine))\n"
            for line in block.lines { source += line + "\n" }
        }
        source += "#sourceLocation()\n"
        return source
    }

    static let loggerModule = "PlaygroundReferenceLogger"

    /// The functions the transform calls. Each writes one line to the file named by
    /// `PLAYGROUND_REFERENCE_LOG`, unbuffered so that a crash keeps what came before it:
    /// `V sl sc el ec name type description`, `E`/`X`/`P sl sc el ec`, tab-separated, with `\`, tab,
    /// newline and carriage return escaped.
    static let loggerSource = #"""
        #if canImport(Glibc)
        import Glibc
        #elseif canImport(Darwin)
        import Darwin
        #endif

        nonisolated(unsafe) private var channel: Int32 = {
            guard let path = getenv("PLAYGROUND_REFERENCE_LOG") else { return -1 }
            return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o600)
        }()

        private func escaped(_ text: String) -> String {
            var out = ""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\\": out += "\\\\"
                case "\t": out += "\\t"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out
        }

        private func emit(_ fields: [String]) {
            guard channel >= 0 else { return }
            var line = fields.map(escaped).joined(separator: "\t") + "\n"
            line.withUTF8 { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = write(channel, bytes.baseAddress! + offset, bytes.count - offset)
                    if written <= 0 { return }
                    offset += written
                }
            }
        }

        private func event(_ kind: String, _ sl: Int, _ el: Int, _ sc: Int, _ ec: Int) -> AnyObject? {
            emit([kind, String(sl), String(sc), String(el), String(ec)])
            return nil
        }

        public func __builtin_log_with_id<T>(
            _ object: T, _ name: String, _ id: Int, _ sl: Int, _ el: Int, _ sc: Int, _ ec: Int,
            _ moduleID: Int, _ fileID: Int
        ) -> AnyObject? {
            emit(["V", String(sl), String(sc), String(el), String(ec), name,
                  String(describing: T.self), String(describing: object)])
            return nil
        }

        public func __builtin_log_scope_entry(
            _ sl: Int, _ el: Int, _ sc: Int, _ ec: Int, _ moduleID: Int, _ fileID: Int
        ) -> AnyObject? { event("E", sl, el, sc, ec) }

        public func __builtin_log_scope_exit(
            _ sl: Int, _ el: Int, _ sc: Int, _ ec: Int, _ moduleID: Int, _ fileID: Int
        ) -> AnyObject? { event("X", sl, el, sc, ec) }

        public func __builtin_postPrint(
            _ sl: Int, _ el: Int, _ sc: Int, _ ec: Int, _ moduleID: Int, _ fileID: Int
        ) -> AnyObject? { event("P", sl, el, sc, ec) }

        public func __builtin_send_data(_ object: AnyObject?) {}
        """#

    // MARK: - Ranges

    /// A source range as the transform reports it (end column one past the end) or as `-dump-parse`
    /// prints it (end at the start of the last token).
    struct SourceSpan: Hashable {
        var startLine: Int
        var startColumn: Int
        var endLine: Int
        var endColumn: Int

        init(startLine: Int, startColumn: Int, endLine: Int, endColumn: Int) {
            (self.startLine, self.startColumn, self.endLine, self.endColumn) = (
                startLine, startColumn, endLine, endColumn
            )
        }

        /// From `sl sc el ec` fields.
        init?(_ fields: ArraySlice<String>) {
            let numbers = fields.compactMap { Int($0) }
            guard numbers.count == 4 else { return nil }
            self.init(startLine: numbers[0], startColumn: numbers[1], endLine: numbers[2], endColumn: numbers[3])
        }

        private static func before(_ a: (Int, Int), _ b: (Int, Int)) -> Bool { a.0 < b.0 || (a.0 == b.0 && a.1 <= b.1) }

        func contains(_ other: SourceSpan) -> Bool {
            Self.before((startLine, startColumn), (other.startLine, other.startColumn))
                && Self.before((other.endLine, other.endColumn), (endLine, endColumn))
        }

        func containsStart(of other: SourceSpan) -> Bool {
            Self.before((startLine, startColumn), (other.startLine, other.startColumn))
                && Self.before((other.startLine, other.startColumn), (endLine, endColumn))
        }
    }

    /// The ranges of `case_stmt` nodes in `swiftc -dump-parse` output, such as
    /// `(case_stmt range=[main.swift:19:12 - line:19:26]`.
    static func caseRanges(inDump dump: String) -> [SourceSpan] {
        var ranges: [SourceSpan] = []
        for line in dump.split(separator: "\n") where line.contains("(case_stmt") {
            guard let open = line.range(of: "range=["),
                let close = line[open.upperBound...].firstIndex(of: "]")
            else { continue }
            let parts = line[open.upperBound..<close].components(separatedBy: " - ")
            guard parts.count == 2 else { continue }
            func position(_ text: String) -> (Int, Int)? {
                let pieces = text.split(separator: ":")
                guard pieces.count >= 3, let line = Int(pieces[pieces.count - 2]),
                    let column = Int(pieces[pieces.count - 1])
                else { return nil }
                return (line, column)
            }
            guard let start = position(parts[0]), let end = position(parts[1]) else { continue }
            ranges.append(SourceSpan(startLine: start.0, startColumn: start.1, endLine: end.0, endColumn: end.1))
        }
        return ranges
    }

    // MARK: - Diagnostics

    /// `path:line:col: error|warning: message` lines (llvm style). Diagnostics outside the page (the
    /// generated import lines, `<unknown>`) get line 0 and column 0.
    static func parseDiagnostics(_ output: String, markdownFile: String) -> [ReferenceDiagnostic] {
        var diagnostics: [ReferenceDiagnostic] = []
        for line in output.split(separator: "\n") {
            for severity in ["error", "warning"] {
                guard let marker = line.range(of: ": \(severity): ") else { continue }
                let location = line[..<marker.lowerBound]
                let message = String(line[marker.upperBound...])
                var pieces = location.split(separator: ":", omittingEmptySubsequences: false)
                var numbers: [Int] = []
                while numbers.count < 2, let last = pieces.last, let number = Int(last) {
                    numbers.insert(number, at: 0)
                    pieces.removeLast()
                }
                guard !pieces.isEmpty, !numbers.isEmpty else { continue }
                let path = pieces.joined(separator: ":")
                if path == markdownFile && numbers.count == 2 {
                    diagnostics.append(
                        ReferenceDiagnostic(line: numbers[0], column: numbers[1], severity: severity, message: message))
                } else {
                    diagnostics.append(ReferenceDiagnostic(line: 0, column: 0, severity: severity, message: message))
                }
                break
            }
        }
        return diagnostics
    }

    /// The program compiled but did not end well: `path:line: Fatal error: message` names the line.
    private static func stopDiagnostic(status: Int32, standardError: String, markdownFile: String)
        -> ReferenceDiagnostic
    {
        for line in standardError.split(separator: "\n") {
            guard let marker = line.range(of: ": Fatal error") else { continue }
            let message = String(line[line.index(marker.lowerBound, offsetBy: 2)...])
            let location = line[..<marker.lowerBound]
            if location.hasPrefix(markdownFile + ":"), let number = Int(location.dropFirst(markdownFile.count + 1)) {
                return ReferenceDiagnostic(line: number, column: 0, severity: "error", message: message)
            }
            return ReferenceDiagnostic(line: 0, column: 0, severity: "error", message: String(line))
        }
        return ReferenceDiagnostic(
            line: 0, column: 0, severity: "error", message: "the program stopped with status \(status)")
    }

    // MARK: - Tools

    private static func unescape(_ field: Substring) -> String {
        guard field.contains("\\") else { return String(field) }
        var out = ""
        var escaping = false
        for character in field {
            if escaping {
                switch character {
                case "t": out.append("\t")
                case "n": out.append("\n")
                case "r": out.append("\r")
                default: out.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        return out
    }

    private static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// `$SWIFTC`, else the `swiftc` on `PATH`.
    private static func compiler() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let swiftc = environment["SWIFTC"], FileManager.default.isExecutableFile(atPath: swiftc) { return swiftc }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(directory)/swiftc"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw PlaygroundReferenceFailure(description: "no swiftc: put it on PATH or set SWIFTC")
    }

    /// The built page library: `$PLAYGROUND_REFERENCE_LIBRARY`, else the folder of the running test
    /// binary, else the package's `.build/debug` or `.build/release`; it holds `libLiteratePage` and, in
    /// it or in its `Modules` folder, `LiteratePage.swiftmodule`.
    private static func pageLibrary() throws -> (directory: String, modules: String) {
        let fileManager = FileManager.default
        var candidates: [String] = []
        if let folder = ProcessInfo.processInfo.environment["PLAYGROUND_REFERENCE_LIBRARY"] {
            candidates.append(folder)
        }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path)
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates += [
            package.appendingPathComponent(".build/debug").path, package.appendingPathComponent(".build/release").path,
        ]
        for directory in candidates {
            guard
                ["libLiteratePage.so", "libLiteratePage.dylib"].contains(where: {
                    fileManager.fileExists(atPath: directory + "/" + $0)
                })
            else { continue }
            for modules in [directory + "/Modules", directory]
            where fileManager.fileExists(atPath: modules + "/LiteratePage.swiftmodule") {
                return (directory, modules)
            }
        }
        throw PlaygroundReferenceFailure(
            description:
                "libLiteratePage is not built (looked in \(candidates)); run swift build --product LiteratePage")
    }

    /// Runs a program to its end (or kills it after `timeout` seconds); standard output and error go to
    /// files, so a talkative program cannot block on a full pipe.
    private static func execute(
        _ executable: String, _ arguments: [String], in directory: String,
        environment: [String: String]? = nil, timeout: TimeInterval
    ) throws -> (status: Int32, output: String) {
        let fileManager = FileManager.default
        let capture = directory + "/.output-\(UUID().uuidString)"
        _ = fileManager.createFile(atPath: capture, contents: nil)
        defer { try? fileManager.removeItem(atPath: capture) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: capture))
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                process.waitUntilExit()
                throw PlaygroundReferenceFailure(description: "\(executable) ran longer than \(Int(timeout)) s")
            }
            usleep(2_000)
        }
        process.waitUntilExit()
        let output = fileManager.contents(atPath: capture).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return (process.terminationStatus, output)
    }
}
