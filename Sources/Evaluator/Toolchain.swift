import Diagnostics
import Foundation

/// The Swift compiler and the page library that page programs are compiled against.
///
/// The compiler is `$SWIFTC` or the `swiftc` on `PATH`. The page library (LiteratePage, which re-exports
/// Softmax) is the shared library `libLiteratePage.so` with its module, built by `swift build` beside the
/// `literate` executable (`make site` builds it), or in `$LITERATE_PAGE_LIBRARY`.
public struct Toolchain: Sendable {
    public var swiftc: String
    /// `swift-frontend`, beside `swiftc`: it compiles and runs page programs in one process.
    public var frontend: String
    /// The folder holding `libLiteratePage.so`.
    public var libraryDirectory: String
    /// The folder holding `LiteratePage.swiftmodule` (and `Softmax.swiftmodule`).
    public var modulesDirectory: String
    /// The module maps of the C modules the page library's Swift modules import (Softmax's
    /// `SoftmaxAVX2`), which SwiftPM writes beside the library as `<module>.build/module.modulemap`:
    /// a page program that imports Softmax needs them, although it never names them.
    public var moduleMaps: [String]
    /// The compiler's version and the library's size and modification time: part of every page's cache
    /// key, so a new compiler or a rebuilt library compiles pages again.
    public var identity: String

    /// The toolchain of this machine, found once per process.
    public static func located() throws(DiagnosticList) -> Toolchain {
        switch cached {
        case .success(let toolchain): return toolchain
        case .failure(let error): throw error
        }
    }

    private static let cached: Result<Toolchain, DiagnosticList> = {
        do throws(DiagnosticList) {
            return .success(try locate(environment: ProcessInfo.processInfo.environment))
        } catch {
            return .failure(error)
        }
    }()

    static func locate(environment: [String: String]) throws(DiagnosticList) -> Toolchain {
        let fileManager = FileManager.default
        var compiler = environment["SWIFTC"]
        if compiler == nil {
            let path = environment["PATH"] ?? "/usr/bin:/bin"
            compiler = path.split(separator: ":").map { "\($0)/swiftc" }.first {
                fileManager.isExecutableFile(atPath: $0)
            }
        }
        guard let swiftc = compiler, fileManager.isExecutableFile(atPath: swiftc) else {
            throw DiagnosticList([
                .error(at: nil, .noSwiftCompiler)
            ])
        }
        let frontend = (swiftc as NSString).deletingLastPathComponent + "/swift-frontend"
        guard fileManager.isExecutableFile(atPath: frontend) else {
            throw DiagnosticList([
                .error(at: nil, .frontendMissing(frontend))
            ])
        }
        let candidates =
            [environment["LITERATE_PAGE_LIBRARY"], executableDirectory()].compactMap { $0 }
        for directory in candidates where fileManager.fileExists(atPath: directory + "/libLiteratePage.so") {
            let modules = [directory + "/Modules", directory].first {
                fileManager.fileExists(atPath: $0 + "/LiteratePage.swiftmodule")
            }
            guard let modules else { continue }
            let moduleMaps = moduleMaps(besideLibraryIn: directory)
            guard moduleMaps.allSatisfy(fileManager.fileExists(atPath:)) else { continue }
            let identity = [
                version(of: swiftc), stamp(directory + "/libLiteratePage.so"),
                stamp(modules + "/LiteratePage.swiftmodule"),
            ].joined(separator: "\n")
            return Toolchain(
                swiftc: swiftc, frontend: frontend, libraryDirectory: directory, modulesDirectory: modules,
                moduleMaps: moduleMaps, identity: identity)
        }
        throw DiagnosticList([
            .error(at: nil, .pageLibraryMissing(candidates.last ?? "?"))
        ])
    }

    /// Where SwiftPM writes the module maps of the C modules that the page library's Swift modules
    /// import internally (Softmax's `SoftmaxAVX2`), for a library built in `directory`.
    static func moduleMaps(besideLibraryIn directory: String) -> [String] {
        ["SoftmaxAVX2"].map { directory + "/\($0).build/module.modulemap" }
    }

    /// The folder of the running executable (`literate`, or the test runner, both in SwiftPM's build
    /// folder beside the library).
    private static func executableDirectory() -> String? {
        guard let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
            return Bundle.main.executablePath.map { ($0 as NSString).deletingLastPathComponent }
        }
        return (path as NSString).deletingLastPathComponent
    }

    private static func version(of swiftc: String) -> String {
        let run = ChildProcess.run(
            swiftc, ["--version"], in: FileManager.default.temporaryDirectory.path, limits: .compiler)
        return run.standardError.isEmpty ? run.standardOutput : run.standardOutput + run.standardError
    }

    private static func stamp(_ path: String) -> String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
        let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(path) \(size) \(modified)"
    }
}

extension Diagnostic.Message {
    static let noSwiftCompiler = Self(
        "cannot compile pages: no Swift compiler found; put swiftc on PATH (it comes with the Swift "
            + "toolchain) or set SWIFTC to its path")

    static func frontendMissing(_ frontend: String) -> Self {
        "cannot compile pages: '\(frontend)' is missing; the Swift toolchain seems incomplete"
    }

    /// `folder`: where the library was last looked for.
    static func pageLibraryMissing(_ folder: String) -> Self {
        Self(
            "cannot compile pages: the page library (libLiteratePage.so, its modules and module maps) is not built beside "
                + "literate in '\(folder)'; run 'swift build' (make site does), or set "
                + "LITERATE_PAGE_LIBRARY to the folder that holds it")
    }
}
