import Diagnostics
import Foundation
import LiteratePage

/// What compiling and running a page program produced, before it is read back into values: all a cache
/// needs to keep, since everything else follows from the program.
public struct PageRun: Sendable, Codable, Equatable {
    /// The compiler's diagnostics as it printed them.
    public var compilerOutput: String
    /// What the compiler's parser said of each piece left out of the program for its syntax errors.
    public var excludedOutputs: [String] = []
    public var compiled: Bool
    /// The results channel's bytes.
    public var records: Data
    public var standardOutput: String
    public var standardError: String
    public var status: Int32?
    public var signal: Int32?
    public var timedOut: Bool
    /// Why the program could not be compiled at all (no compiler, no page library), when that happened.
    public var setupFailure: String?

    /// The run of a page without code.
    /// How a page program is compiled and run, for cache keys: a change of arguments or records bumps it.
    public static let format = "page-run-3"
    static let typeCheckSeconds = 10

    public static let empty = PageRun(
        compilerOutput: "", compiled: true, records: Data(), standardOutput: "", standardError: "", status: 0,
        signal: nil, timedOut: false)

    /// Whether a later build may reuse this run (a run that hit its time limit may not).
    public var isReusable: Bool { !timedOut && setupFailure == nil }

    /// Compiles `program` against the page library and runs it under `limits`.
    public static func execute(_ program: PageProgram, limits: RunLimits) -> PageRun {
        var run = PageRun(
            compilerOutput: "", compiled: false, records: Data(), standardOutput: "", standardError: "", status: nil,
            signal: nil, timedOut: false)
        let toolchain: Toolchain
        do {
            toolchain = try Toolchain.located()
        } catch {
            run.setupFailure = error.diagnostics.map(\.message).joined(separator: "; ")
            return run
        }
        let fileManager = FileManager.default
        let folder = fileManager.temporaryDirectory.appendingPathComponent("literate-page-\(UUID().uuidString)").path
        let work = folder + "/work"
        defer { try? fileManager.removeItem(atPath: folder) }
        do {
            try fileManager.createDirectory(atPath: work, withIntermediateDirectories: true)
            try Data(program.source.utf8).write(to: URL(fileURLWithPath: folder + "/main.swift"))
        } catch {
            run.setupFailure = Diagnostic.Message.cannotWriteProgram(error.localizedDescription).text
            return run
        }
        for (index, excluded) in program.excludedPieces.enumerated() {
            let name = "excluded-\(index).swift"
            guard (try? Data(excluded.source.utf8).write(to: URL(fileURLWithPath: folder + "/" + name))) != nil else {
                continue
            }
            let parse = ChildProcess.run(
                toolchain.frontend, ["-frontend", "-parse", "-diagnostic-style", "llvm", name], in: folder,
                limits: .compiler)
            run.excludedOutputs.append(parse.standardError)
        }
        // Compiled and run in one process by the compiler's JIT (`-interpret`): no link step, half the
        // time of compiling, linking and starting a program. `_Literate.start()` marks on standard error
        // where the compiler's diagnostics end and the program's output begins.
        let results = folder + "/results"
        let outcome = ChildProcess.run(
            toolchain.frontend,
            [
                "-frontend", "-interpret", folder + "/main.swift", "-module-name", "Page", "-diagnostic-style", "llvm",
                "-I", toolchain.modulesDirectory, "-L", toolchain.libraryDirectory, "-lLiteratePage",
            ] + toolchain.moduleMaps.flatMap { ["-Xcc", "-fmodule-map-file=" + $0] } + [
                // An expression the type checker cannot solve (900 `1 + 1 + …` terms) becomes an error at the
                // expression after this many seconds, instead of the compiler's default of ten minutes.
                "-solver-expression-time-threshold=\(Self.typeCheckSeconds)"
            ], in: work, outputIn: folder,
            limits: RunLimits(
                seconds: limits.seconds + RunLimits.compileSeconds, memoryBytes: limits.memoryBytes,
                outputBytes: limits.outputBytes),
            environment: [
                "LITERATE_RESULTS": results, "LITERATE_TIMEOUT": "\(limits.seconds)",
                "SWIFT_DETERMINISTIC_HASHING": "1", "SWIFT_BACKTRACE": "enable=no",
            ])
        let parts = outcome.standardError.components(separatedBy: _LiterateProtocol.startMarker)
        run.compiled = parts.count > 1
        run.compilerOutput = parts[0]
        run.standardError = parts.dropFirst().joined(separator: _LiterateProtocol.startMarker)
        if outcome.timedOut && !run.compiled { run.compilerOutput += "\n<timeout>" }
        run.records = FileInput.contents(atPath: results) ?? Data()
        run.standardOutput = outcome.standardOutput
        run.status = outcome.status
        run.signal = outcome.signal
        run.timedOut = outcome.timedOut || outcome.signal == SIGALRM
        return run
    }
}

extension Diagnostic.Message {
    static func cannotWriteProgram(_ reason: String) -> Self { "cannot write the page program: \(reason)" }
}
