import Diagnostics
import Foundation
import Testing

@testable import MathML

/// Inputs the fuzzer reported (`Fuzz/README.md`), converted again: each must end with MathML or a
/// positioned error, never a crash.
struct FuzzFindingTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz")

    @Test(arguments: ["timeout-left-right-scripts.tex"])
    func findingConvertsOrFailsWithAPosition(name: String) throws {
        // 505 bytes of nested \left( … ^ … \sum_\arg, NULs and a run of V: reported as a 12 s timeout
        // while the machine's cores were busy; 0.09 s in a debug build on its own.
        let tex = String(decoding: try Data(contentsOf: Self.folder.appendingPathComponent(name)), as: UTF8.self)
        let location = SourceLocation(file: "page.md", line: 3, column: 1)
        for display in [false, true] {
            do {
                _ = try MathMLConverter().convert(tex, display: display, at: location)
            } catch {
                #expect(error.diagnostics.allSatisfy { $0.location != nil })
            }
        }
    }
}
