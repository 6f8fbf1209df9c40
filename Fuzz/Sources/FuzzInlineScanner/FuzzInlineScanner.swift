// Fuzzes the inline scanner (Sources/Markdown/InlineScanner.swift) on the text of one paragraph:
// math (`$…$`, `$$…$$`) and inline `{swift}` spans. Internal, hence `@testable` (the fuzz build
// passes -enable-testing). Checks what the scanner promises its caller: findings in order, inside
// the text and not overlapping, tex inside its delimiters.
import FuzzSupport

@testable import Markdown

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInlineScanner(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = fuzzBytes(start, count)
    let findings = InlineScanner(text: text).scan()
    var end = 0
    for finding in findings {
        switch finding {
        case .math(let range, let tex, _):
            guard range.lowerBound >= end, range.upperBound <= text.count else {
                fuzzFailure("math \(range) out of order or outside 0..<\(text.count) (previous end \(end))")
            }
            guard tex.lowerBound > range.lowerBound, tex.upperBound < range.upperBound else {
                fuzzFailure("math tex \(tex) not inside its delimiters \(range)")
            }
            end = range.upperBound
        case .inlineSwift(let range, let codeStart, _, _):
            guard range.lowerBound >= end, range.upperBound <= text.count else {
                fuzzFailure("inline swift \(range) out of order or outside 0..<\(text.count) (previous end \(end))")
            }
            guard range.contains(codeStart) else {
                fuzzFailure("inline swift code start \(codeStart) outside \(range)")
            }
            end = range.upperBound
        }
    }
    return 0
}
