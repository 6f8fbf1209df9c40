import Foundation
import Testing

@testable import Site

/// What a keyboard and a screen reader need of a page: every box that scrolls sideways can be focused
/// and has a name of its own, and equation references are links outside math.
struct ReaderAccessibilityTests {
    static func body(_ source: String) -> String {
        let (page, _) = Page.parse(source, path: "page.md")
        return PageRenderer.body(of: PageEvaluator.evaluate(page))
    }

    @Test func everyScrollingBoxIsFocusableAndUniquelyNamed() throws {
        let body = Self.body(
            """
            # P

            $$a = b \\tag{1}$$

            ```{swift}
            softmaxJacobian([1.0, 2.0])
            [1.0, 2.0]
            ```

                indented code

            <pre>an author's own</pre>

            $$c = d$$
            """)
        for tag in ["<pre", "<div class=\"table-scroll\"", "<span class=\"math-scroll\""] {
            let count = body.components(separatedBy: tag).count - 1
            #expect(count > 0, "\(tag)")
            #expect(count == body.components(separatedBy: tag + " tabindex=\"0\"").count - 1)
        }
        let names = body.matches(of: /role="region" aria-label="([^"]*)"/).map { String($0.1) }
        #expect(names.count == 7)
        #expect(Set(names).count == names.count, "\(names)")
        #expect(names.contains("Code (1 of 3)") && names.contains("Equation (2 of 2)"))
        #expect(names.contains("Matrix") && names.contains("Vector"))
    }

    @Test func anEquationReferenceAloneIsALinkOutsideMath() {
        let body = Self.body("# P\n\n$$x = 1 \\label{one} \\tag{1}$$\n\nSee $\\eqref{one}$, or $y + \\eqref{one}$.\n")
        #expect(body.contains("See <a class=\"eqref\" href=\"#eq-one\">(1)</a>, or <math>"))
    }
}
