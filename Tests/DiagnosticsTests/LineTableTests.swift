import Diagnostics
import Testing

@Suite struct LineTableTests {
    @Test func endingsAsEachReaderCountsThem() {
        let text = "a\r\nb\rc\nd"
        #expect(LineTable(text).starts == [0, 3, 7])
        #expect(LineTable(text, endings: .commonMark).starts == [0, 3, 5, 7])
        let lines = LineTable(text, endings: .commonMark)
        #expect((1...4).map { lines.string(lines.starts[$0 - 1]..<lines.end(ofLine: $0)) } == ["a", "b", "c", "d"])
    }

    @Test func positionsCountUnicodeScalarsAndClampToTheText() {
        let lines = LineTable("é∑x\nyz\n")
        #expect(lines.position(ofByte: 5) == LineTable.Position(line: 1, column: 3))
        #expect(lines.position(ofByte: 8) == LineTable.Position(line: 2, column: 2))
        #expect(lines.position(ofByte: -4) == LineTable.Position(line: 1, column: 1))
        #expect(lines.position(ofByte: 99) == LineTable.Position(line: 3, column: 1))
    }

    @Test func aCursorGivesTheSamePositionsInAnyOrder() {
        let lines = LineTable("ab\ncdé\n\nf")
        var cursor = LineTable.Cursor()
        for offset in [0, 1, 4, 7, 3, 10, 9, 2, 0] {
            #expect(lines.position(ofByte: offset, from: &cursor) == lines.position(ofByte: offset))
        }
    }
}
