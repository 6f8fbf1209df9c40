import Diagnostics
import Testing

@Test func formatsLikeACompiler() {
    let location = SourceLocation(file: "Content/a.md", line: 12, column: 5)
    let diagnostic = Diagnostic.error(at: location, "stated 0.25, computed 0.5")
    #expect(diagnostic.description == "Content/a.md:12:5: error: stated 0.25, computed 0.5")
}

@Test func formatsWithoutLocation() {
    #expect(Diagnostic.warning(at: nil, "no pages").description == "warning: no pages")
}

@Test func advancesOnTheSameLine() {
    let start = SourceLocation(file: "x.md", line: 3, column: 4)
    #expect(start.advanced(lines: 2, columns: 1) == SourceLocation(file: "x.md", line: 5, column: 5))
}

@Test func suggestsTheNearestCandidate() {
    #expect(Suggestion.closest(to: "sofmax", in: ["softmax", "logSoftmax", "normalize"]) == "softmax")
    #expect(Suggestion.closest(to: "titel", in: ["title", "order"]) == "title")
    #expect(Suggestion.closest(to: "zzzzzz", in: ["title", "order"]) == nil)
    #expect(Suggestion.distance("kitten", "sitting") == 3)
    #expect(Suggestion.distance("", "abc") == 3)
    #expect(Suggestion.distance("titel", "title") == 1)
}
