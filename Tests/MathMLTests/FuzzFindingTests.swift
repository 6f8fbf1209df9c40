import Diagnostics
import Foundation
import Testing

@testable import MathML

/// Inputs the fuzzer reported (`Fuzz/README.md`), converted again: each must end with MathML or a
/// positioned error, never a crash.
struct FuzzFindingTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz")

    @Test(arguments: ["timeout-left-right-scripts.tex", "timeout-matrix-partials.tex"])
    func findingConvertsOrFailsWithAPosition(name: String) throws {
        // Both reported as 10-12 s timeouts while a build or CI run held both cores and the fuzzer ran at
        // nice 19. Alone: 505 bytes of nested \left( … ^ … \sum_\arg, NULs and a run of V, 0.09 s in a
        // debug build; 497 bytes of a matrix of \partial fractions, 0.31 s in the release+ASan fuzzer.
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
